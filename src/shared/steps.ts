/**
 * A command's work as steps, in the order of Yeoman's run loop: ask and resolve (prompting), write, install,
 * finish (end). Each command's steps live beside its core (src/create/steps.ts, src/add-tracing/steps.ts) and
 * know nothing of Yeoman: they log and ask through a StepIo. The runners that take them are in src/cli/.
 */
/** A question, in inquirer's shape (as Yeoman's this.prompt takes it). */
export interface PromptQuestion {
  type: string;
  name: string;
  message: string;
  default?: unknown;
  choices?: readonly unknown[];
}

/** How a step talks to the user. Both runners write to stderr, as Yeoman's logger does; stdout stays free. */
export interface StepIo {
  /** A line (Yeoman's this.log). */
  log(text: string): void;
  /** A note, after a right-aligned "info" (Yeoman's this.log.info). */
  info(text: string): void;
  /** Asks (Yeoman's this.prompt); a run that asks nothing refuses. */
  prompt<T>(questions: PromptQuestion[]): Promise<T>;
}

/** Yeoman's task names, in its run loop's order. */
export const STEP_NAMES = ['prompting', 'writing', 'install', 'end'] as const;

export type Steps = { [name in (typeof STEP_NAMES)[number]]?: (io: StepIo) => Promise<void> | void };
