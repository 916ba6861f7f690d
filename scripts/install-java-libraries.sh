#!/usr/bin/env bash
# Builds the Java pieces an application uses and installs them into your local Maven repository
# (~/.m2/repository, or MAVEN_REPO_LOCAL): feedback-api, annotation-client (the generated REST client) and
# the agent extension jar (also copied to ./dist/otel-extension.jar for -Dotel.javaagent.extensions).
# Tests never run this: they use the reactor's own build. Usage: scripts/install-java-libraries.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
repo=()
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then repo=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL"); fi
mvn -B -ntp -q "${repo[@]}" -pl feedback-api,otel-extension,annotation-client -am install -DskipTests
mkdir -p dist
cp otel-extension/target/otel-extension.jar dist/otel-extension.jar
version=$(mvn -B -q -N help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null || echo 0.1.0-SNAPSHOT)
echo "installed dev.annotations:feedback-api:$version, dev.annotations:annotation-client:$version, dev.annotations:otel-extension:$version"
echo "agent extension: $(pwd)/dist/otel-extension.jar"
