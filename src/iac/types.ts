import type { ProjectSpec } from '../spec.js';

export interface PlannedFile {
  /** Path in the project, with forward slashes. */
  path: string;
  /** Template under templates/. */
  template: string;
  /** One line for the README's layout table (files without one are left out of it). */
  what?: string;
}

/** One IaC flavor: its files, what it adds to the template data, and the commands that deploy it. */
export interface IacFlavor {
  /** The file that describes the infrastructure, for messages ("set in template.yaml"). */
  mainFile: (spec: ProjectSpec) => string;
  files: (spec: ProjectSpec) => PlannedFile[];
  /** Shell commands printed at the end, after `cd DIR`. */
  nextSteps: (spec: ProjectSpec) => string[];
  /** Whether dependencies are installed after writing (with the detected package manager). */
  installs?: (spec: ProjectSpec) => boolean;
}
