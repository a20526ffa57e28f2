/** Yeoman's QueuedAdapter, with inquirer and a spinner: a module of its own so that only interactive runs load it. */
import { QueuedAdapter } from '@yeoman/adapter';

export const createQueuedAdapter = () => new QueuedAdapter();
