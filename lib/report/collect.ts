import type { ScanJson } from '../output/json';
import { renderHtmlReport } from '../output/html-report';
import type { RuleMetadata } from '../rule';
import type { PostureStore, StateExport } from '../state/types';
import { buildPosture } from './build';
import type { PostureModel } from './model';

export interface ReportSources {
  /** State stores to read whole (the CLI's file, the DynamoDB table), each with a label. */
  readonly stores?: readonly { readonly label: string; readonly store: PostureStore }[];
  readonly scans?: readonly { readonly label: string; readonly scan: ScanJson }[];
  readonly rules: readonly RuleMetadata[];
  readonly now: Date;
  readonly maxFindings?: number;
}

/** Reads every source and builds the model; several stores are merged (rule runs and posture). */
export async function collectPosture(sources: ReportSources): Promise<PostureModel> {
  const exports: StateExport[] = [];
  for (const { store } of sources.stores ?? []) exports.push(await store.exportAll());
  const state: StateExport | undefined =
    exports.length === 0
      ? undefined
      : { runs: exports.flatMap((x) => x.runs), posture: exports.flatMap((x) => x.posture) };
  return buildPosture({
    ...(state ? { state } : {}),
    scans: (sources.scans ?? []).map((s) => s.scan),
    rules: sources.rules,
    sources: [...(sources.stores ?? []), ...(sources.scans ?? [])].map((s) => s.label),
    now: sources.now,
    ...(sources.maxFindings !== undefined ? { maxFindings: sources.maxFindings } : {}),
  });
}

/** The report's HTML from its sources (what the CLI writes and the scheduled function uploads). */
export async function postureReport(sources: ReportSources): Promise<{ html: string; model: PostureModel }> {
  const model = await collectPosture(sources);
  return { html: renderHtmlReport(model), model };
}
