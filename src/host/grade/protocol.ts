// What the grading worker is told and what it answers (structured-clone data only).
import type { GradeResult } from '../../shared/gradeReport';

export interface GradeJob {
  /** The submission folder, as the user named it (also the result's "dir"). */
  dir: string;
}

export type GradeReply = { ok: true; result: GradeResult } | { ok: false; error: string };
