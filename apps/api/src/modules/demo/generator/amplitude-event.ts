// The Amplitude HTTP V2 wire shape the generator produces (the subset leadmaps ingests).
export type GroupValue = string | string[];

export interface AmplitudeWireEvent {
  event_type: string;
  user_id?: string;
  device_id?: string;
  /** Milliseconds since the epoch. */
  time: number;
  insert_id?: string;
  /** Milliseconds since the epoch of the session's start, as Amplitude SDKs send it. */
  session_id?: number;
  groups?: Record<string, GroupValue>;
  event_properties?: Record<string, unknown>;
  user_properties?: Record<string, unknown>;
  group_properties?: Record<string, unknown>;
}
