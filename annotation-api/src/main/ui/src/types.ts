// The shapes of the public REST API's JSON (see annotation-api's openapi.json) that the UI reads.

export type Role = 'ADMIN' | 'ANNOTATOR' | 'REVIEWER' | 'VIEWER';

export interface Me {
  keyId: string;
  name: string;
  role: Role;
  projectId: string;
  projectName: string;
  canCreateProjects: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type DataType = 'NUMERIC' | 'CATEGORICAL' | 'BOOLEAN' | 'TEXT';
export type Widget = 'NUMBER' | 'SLIDER' | 'STARS' | 'THUMBS' | 'RADIO' | 'CHECKBOX' | 'TEXTAREA';

export interface Category {
  label: string;
  value: number;
  displayName?: string;
  hotkey?: string;
}

export interface ScoreConfig {
  id: string;
  name: string;
  dataType: DataType;
  widget: Widget;
  min?: number;
  max?: number;
  step?: number;
  categories?: Category[];
  multiSelect?: boolean;
  trueLabel?: string;
  falseLabel?: string;
  maxLength?: number;
  direction?: 'MAXIMIZE' | 'MINIMIZE' | 'NONE';
  description?: string;
  archived: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

export type TargetType = 'TRACE' | 'SPAN' | 'SESSION' | 'DATASET_ITEM' | 'DOCUMENT';

export interface Target {
  type: TargetType;
  traceId?: string;
  spanId?: string;
  sessionId?: string;
  datasetId?: string;
  itemId?: string;
  documentPosition?: number;
}

export type Source = 'ANNOTATION' | 'API' | 'EVAL' | 'FEEDBACK';
export type AnnotatorKind = 'HUMAN' | 'LLM' | 'CODE';

export interface Score {
  id: string;
  target: Target;
  name: string;
  dataType: DataType;
  configId?: string;
  queueId?: string;
  source: Source;
  annotatorKind: AnnotatorKind;
  author: string;
  timestamp: string;
  createdAt?: string;
  updatedAt?: string;
  version?: number;
  changedBy?: string;
  deleted?: boolean;
  value?: number;
  label?: string;
  labels?: string[];
  comment?: string;
  metadata?: Record<string, string>;
}

export interface SpanStatus {
  code?: string;
  message?: string;
}

export interface SpanEvent {
  timestamp: string;
  name: string;
  attributes?: Record<string, string>;
}

export interface Llm {
  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  input?: unknown;
  output?: unknown;
  usage?: { inputTokens?: number; outputTokens?: number; totalTokens?: number };
}

export interface SpanNode {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  serviceName?: string;
  name: string;
  kind?: string;
  start: string;
  durationNanos: number;
  status?: SpanStatus;
  attributes?: Record<string, string>;
  resourceAttributes?: Record<string, string>;
  events?: SpanEvent[];
  llm?: Llm;
  scores?: Score[];
  children?: SpanNode[];
}

export interface Trace {
  traceId: string;
  start: string;
  end: string;
  durationNanos: number;
  spanCount: number;
  truncated: boolean;
  scores?: Score[];
  spans: SpanNode[];
}

export interface SessionTrace {
  traceId: string;
  start: string;
  durationNanos: number;
  spanCount: number;
  root?: { spanId: string; name: string; serviceName?: string; status?: SpanStatus };
  scores?: Score[];
}

export interface Session {
  sessionId: string;
  traces: SessionTrace[];
  truncated: boolean;
  scores?: Score[];
}

export interface SpanSummary {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  serviceName?: string;
  name: string;
  kind?: string;
  start: string;
  durationNanos: number;
  status?: SpanStatus;
  attributes?: Record<string, string>;
}

export interface ConfigRef {
  configId: string;
  required: boolean;
}

export type Strategy = 'ROUND_ROBIN' | 'LOAD_BALANCED' | 'MANUAL';
export type QueueStatus = 'ACTIVE' | 'PAUSED' | 'ARCHIVED';

export interface Queue {
  id: string;
  name: string;
  description: string;
  configs: ConfigRef[];
  annotators: string[];
  reviewers: string[];
  strategy: Strategy;
  annotatorsPerItem: number;
  reservationTimeoutSeconds: number;
  reviewRequired: boolean;
  showSuggestions?: boolean;
  status: QueueStatus;
}

export type ItemStatus = 'PENDING' | 'RESERVED' | 'COMPLETED' | 'IN_REVIEW' | 'APPROVED' | 'REMOVED';

export interface QueueItem {
  id: string;
  queueId: string;
  target: Target;
  priority: number;
  status: ItemStatus;
  addedAt: string;
  assignedTo: string[];
  reservations: { annotator: string; claim: number; expiresAt: string }[];
  submittedBy: string[];
  skippedBy: string[];
  returnedTo: string[];
}

export interface Reservation {
  item: QueueItem;
  target: Target;
  claim: number;
  expiresAt: string;
  returned: boolean;
  returnComment: string | null;
}

export interface Progress {
  queueId: string;
  items: number;
  byStatus: Partial<Record<ItemStatus, number>>;
  annotators: { name: string; designatedPending: number; reserved: number; submitted: number; skipped: number }[];
}

export interface Job {
  id: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  matched: number;
  added: number;
  alreadyQueued: number;
  error?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdAt: string;
  createdBy?: string;
  revokedAt?: string;
}

export interface IssuedKey extends ApiKey {
  key: string;
}

/** GET /api/v1/analytics/agreement/units (the analytics feature). */
export interface AgreementUnit {
  target: Target;
  queueId?: string;
  ratings: { author: string; scoreId: string; value?: number; label?: string; labels?: string[] }[];
  consensus?: {
    method: 'MAJORITY' | 'MEAN' | 'MEDIAN' | 'REVIEW';
    label?: string;
    labels?: string[];
    value?: number;
    median?: number;
    tie?: boolean;
    tiedLabels?: string[];
  };
  disagreement: number;
}

/** GET /api/v1/analytics/agreement (the analytics feature). */
export interface Agreement {
  configId: string;
  name: string;
  level: string;
  units: number;
  ratings: number;
  annotators: string[];
  percentAgreement?: number;
  krippendorffAlpha?: number;
  krippendorffAlphaCi?: [number, number];
  fleissKappa?: number;
  pairs?: { a: string; b: string; units: number; percentAgreement?: number; cohenKappa?: number }[];
  perAnnotator?: { annotator: string; units: number; agreementWithOthers?: number }[];
}
