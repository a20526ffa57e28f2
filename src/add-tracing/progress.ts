/**
 * What a long step is doing, on a terminal: "checking … with cfn-lint… 12 s", redrawn in place each
 * second on stderr and erased when the step ends. Nothing when stderr is not a terminal (CI logs, pipes).
 * The seconds count from `started` (Date.now()), when the step began: it may have begun before it is shown.
 */
export function showProgress(label: string, stream: NodeJS.WriteStream = process.stderr, started = Date.now()): () => void {
  if (!stream.isTTY) return () => {};
  const draw = () => stream.write(`\r${label}… ${Math.floor((Date.now() - started) / 1000)} s\x1b[K`);
  draw();
  const timer = setInterval(draw, 1000);
  return () => {
    clearInterval(timer);
    stream.write('\r\x1b[K');
  };
}
