import type { ProjectSpec } from '../model/spec.js';

export interface PlannedFile {
  /** Path in the project, with forward slashes. */
  path: string;
  /** Template under templates/. */
  template: string;
  /** One line for the README's layout table (files without one are left out of it). */
  what?: string;
  /** File mode, for scripts the user runs (deploy.sh). */
  mode?: number;
}

/** Where this flavor switches tracing on, in its own words, for the README. */
export interface TracingSwitches {
  /** The function's active tracing, e.g. "`Tracing: Active` in `Globals.Function`". */
  function: string;
  /** Who grants X-Ray write to the function's role. */
  role: string;
  /** The API stage's tracing. */
  api: string;
}

/** One IaC flavor: its files, what it adds to the template data, and the commands that deploy it. */
export interface IacFlavor {
  /** The file that describes the infrastructure, for messages ("set in template.yaml"). */
  mainFile: (spec: ProjectSpec) => string;
  files: (spec: ProjectSpec) => PlannedFile[];
  /** Where tracing is switched on, for the README. */
  tracingSwitches: (spec: ProjectSpec) => TracingSwitches;
  /** Shell commands printed at the end, after `cd DIR`, with `preview` (the local trace preview) where its requirements are installed. */
  nextSteps: (spec: ProjectSpec, preview: string) => string[];
  /** Values this flavor's templates need beyond the common template data (names derived from the spec). */
  templateData?: (spec: ProjectSpec) => Record<string, unknown>;
  /**
   * Where scripts/trace_deployed.py finds the deployed stack's name and region: a file it reads
   * (samconfig.toml), else the generator's values, and in words, where the deploy takes them from.
   */
  stackSettings: (spec: ProjectSpec) => { file?: string; from: string };
  /** Whether dependencies are installed after writing (with the detected package manager). */
  installs?: (spec: ProjectSpec) => boolean;
}
