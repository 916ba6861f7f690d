import { render } from 'preact';
import { App } from './app';
import './styles.css';

const root = document.getElementById('app')!;
// the static "Loading…" placeholder goes: the app renders into an empty container
root.textContent = '';
render(<App />, root);
