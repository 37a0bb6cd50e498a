// The API's shapes, as api-spec/openapi.yaml defines them (only the fields the console reads).

export type RunState = 'QUEUED' | 'PROVISIONING' | 'RUNNING' | 'CANCELLING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';
export const RUN_STATES: RunState[] = ['QUEUED', 'PROVISIONING', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];
export const TERMINAL_STATES: RunState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];
export const isTerminal = (state: RunState) => TERMINAL_STATES.includes(state);

export type Role = 'admin' | 'editor' | 'viewer';

export interface Identity {
  subject: string;
  tokenId: string | null;
  admin: boolean;
  workspaces: { workspace: string; role: Role }[];
}

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export interface ProcessResources {
  cores: number;
  memory: string;
}

export type Entrypoint = { pythonFile: string } | { jar: string; mainClass: string };

export interface RunAttempt {
  attempt: number;
  state: string;
  reason: string | null;
  message: string | null;
  exitCode: number | null;
  provisioningAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** the attempt's Spark application, once its event log is in staging's history/ */
  sparkAppId?: string;
  /** its page on the configured Spark History Server */
  historyUrl?: string;
}

export interface Run {
  id: string;
  workspace: string;
  name: string;
  entrypoint: Entrypoint;
  args: string[];
  pyFiles: string[];
  jars: string[];
  files: string[];
  archives: string[];
  sparkConf: Record<string, string>;
  resources: { driver: ProcessResources; executor: ProcessResources };
  autoscaling: { policy: string; minExecutors: number; maxExecutors: number };
  backend: string;
  timeoutSeconds: number | null;
  maxRetries: number;
  labels: Record<string, string>;
  state: RunState;
  reason: string | null;
  message: string | null;
  attempt: number;
  attempts: RunAttempt[];
  queuedAt: string;
  provisioningAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  cancelRequestedAt: string | null;
  createdAt: string;
  /** the saved job it was started from; absent for a run submitted on its own */
  job?: RunJob;
  /** the latest attempt's application page on the configured Spark History Server */
  historyUrl?: string;
}

export interface RunJob {
  id: string;
  version: number;
  /** the schedule that started it, if one did */
  scheduleId?: string;
  /** the fire time it was started for, if a schedule started it */
  fireTime?: string;
}

export interface RunPage {
  items: Run[];
  nextCursor: string | null;
}

export interface RunEvent {
  id: number;
  runId: string;
  attempt: number | null;
  at: string;
  type: string;
  fromState: RunState | null;
  toState: RunState | null;
  reason: string | null;
  message: string | null;
}

export interface Cluster {
  runId: string;
  attempt: number;
  status: 'PENDING' | 'ACTIVE' | 'TERMINATED';
  backend: string;
  clusterName?: string;
  autoscaling: { policy: string; minExecutors: number; maxExecutors: number };
  desiredWorkers: number;
  aliveWorkers: number;
  decommissioningWorkers: number;
  lastDecision?: string;
  endpoints: Record<string, string>;
  observedAt?: string;
}

export interface MetricPoint {
  at: string;
  pendingTasks: number;
  runningTasks: number;
  completedTasks: number;
  executorsAlive: number;
  executorsBusy: number;
  desiredWorkers: number;
  aliveWorkers: number;
  meanTaskMillis?: number;
}

export interface MetricSeries {
  runId: string;
  attempt: number;
  items: MetricPoint[];
}

export interface StagedFile {
  path: string;
  uri: string;
  size: number;
}

export interface Artifact {
  sha256: string;
  size: number;
  workspace: string;
  uri: string;
  ref: string;
  storedBytes: number;
}

export interface Quotas {
  maxActiveRuns: number | null;
  maxExecutors: number | null;
  maxQueuedRuns: number | null;
}

export interface Workspace {
  id: string;
  displayName: string | null;
  defaultBackend: string | null;
  quotas: Quotas;
  usage: { queuedRuns: number; activeRuns: number; executors: number };
  stagingLocation: string;
  allowedSchemes: string[];
  storeProfile: string;
  createdAt: string;
}

export interface Token {
  id: string;
  name: string;
  description: string | null;
  prefix: string;
  role: Role;
  workspaces: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface CreatedToken extends Token {
  secret: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  subject: string;
  tokenId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  workspace: string | null;
  status: number;
  outcome: string;
  sourceAddress: string | null;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

export interface JobParameter {
  name: string;
  /** absent: every run must give it */
  default?: string;
  description?: string;
}

export type ConcurrencyPolicy = 'QUEUE' | 'SKIP' | 'CANCEL_OLDEST';
export const CONCURRENCY_POLICIES: ConcurrencyPolicy[] = ['QUEUE', 'SKIP', 'CANCEL_OLDEST'];

/** The body of POST /api/v1/runs without workspace, echoed back as it was sent (absent fields stay absent). */
export interface RunTemplate {
  name?: string;
  entrypoint: Entrypoint;
  args?: string[];
  pyFiles?: string[];
  jars?: string[];
  files?: string[];
  archives?: string[];
  sparkConf?: Record<string, string>;
  resources?: { driver?: Partial<ProcessResources>; executor?: Partial<ProcessResources> };
  autoscaling?: { policy?: string; minExecutors?: number; maxExecutors?: number };
  backend?: string;
  timeoutSeconds?: number | null;
  maxRetries?: number;
  labels?: Record<string, string>;
}

export interface Job {
  id: string;
  workspace: string;
  name: string;
  description?: string;
  template: RunTemplate;
  parameters: JobParameter[];
  maxConcurrentRuns: number;
  concurrencyPolicy: ConcurrencyPolicy;
  labels: Record<string, string>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface JobPage {
  items: Job[];
  nextCursor: string | null;
}

export interface JobVersion {
  version: number;
  name: string;
  description?: string;
  template: RunTemplate;
  parameters: JobParameter[];
  maxConcurrentRuns: number;
  concurrencyPolicy: ConcurrencyPolicy;
  labels: Record<string, string>;
  createdAt: string;
  createdBy: string;
}

export type CatchUpPolicy = 'NONE' | 'LAST' | 'ALL';

export interface Schedule {
  id: string;
  workspace: string;
  job: string;
  cron?: string;
  timeZone?: string;
  interval?: string;
  startAt?: string;
  paused: boolean;
  catchUp: CatchUpPolicy;
  maxCatchUpRuns?: number;
  parameters: Record<string, string>;
  description?: string;
  /** the next five fire times; empty while paused */
  nextFireTimes: string[];
  lastFireTime?: string;
  lastRunId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface SchedulePage {
  items: Schedule[];
  nextCursor: string | null;
}

export type ScheduleEventType = 'FIRED' | 'SKIPPED' | 'FAILED' | 'MISSED' | 'CREATED' | 'UPDATED' | 'PAUSED' | 'RESUMED' | 'DELETED';

export interface ScheduleEvent {
  id: number;
  type: ScheduleEventType;
  fireTime?: string;
  runId?: string;
  message: string;
  at: string;
}

/** A warm pool and what it holds now (GET /api/v1/warm-pools). */
export interface WarmPool {
  name: string;
  workspace: string;
  profile: string;
  size: number;
  idleTtl: string;
  workers: number;
  resources: { driver: { cores: number; memory: string }; executor: { cores: number; memory: string } };
  source: 'configuration' | 'api';
  status: { starting: number; ready: number; hits: number; misses: number; lastDemandAt?: string | null; idle: boolean };
}
