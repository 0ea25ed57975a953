import type { Status } from '../findings';

/** The account an OCSF event is about (`cloud.account`, `resources[].owner.account`). */
export interface OcsfAccount {
  readonly uid: string;
  readonly type_id: 10;
  readonly type: 'AWS Account';
}

/** The attributes driftwatch fills; the type is deliberately the subset of the class it emits. */
export interface OcsfComplianceFinding {
  readonly activity_id: number;
  readonly activity_name: string;
  readonly category_uid: number;
  readonly category_name: string;
  readonly class_uid: number;
  readonly class_name: string;
  readonly type_uid: number;
  readonly type_name: string;
  readonly time: number;
  readonly time_dt: string;
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: number;
  readonly status: string;
  /** Why the finding has its status: the suppression that applies, or the drift note. */
  readonly status_detail?: string;
  readonly message: string;
  readonly metadata: {
    readonly version: string;
    readonly product: { readonly name: string; readonly vendor_name: string; readonly version: string };
    readonly event_code: string;
    readonly uid: string;
  };
  readonly finding_info: {
    readonly uid: string;
    readonly title: string;
    readonly desc: string;
    readonly types: readonly string[];
    readonly created_time: number;
    readonly created_time_dt: string;
  };
  readonly compliance: {
    readonly standards: readonly string[];
    readonly requirements: readonly string[];
    readonly control: string;
    readonly status_id: number;
    readonly status: string;
    /** The verdict: FAIL for a suppressed finding too (the suppression is `status`). */
    readonly status_code: Status;
    readonly status_detail: string;
  };
  readonly cloud: { readonly provider: 'AWS'; readonly account: OcsfAccount; readonly region?: string };
  readonly resources: readonly {
    readonly uid: string;
    readonly name: string;
    readonly type: string;
    readonly region?: string;
    readonly cloud_partition: string;
    readonly owner: { readonly account: OcsfAccount };
    readonly labels?: readonly string[];
    readonly data: Readonly<Record<string, unknown>>;
  }[];
  readonly remediation?: { readonly desc: string; readonly references: readonly string[] };
  readonly unmapped?: Readonly<Record<string, unknown>>;
}
