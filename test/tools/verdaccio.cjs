#!/usr/bin/env node
// Starts verdaccio on 127.0.0.1, a free port (listen(0)), with the given config; writes its URL to
// <url-file> once it listens, and stops on SIGTERM or SIGINT. Usage: node verdaccio.cjs <verdaccio dir> <config.yaml> <url-file>
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const [verdaccioDir, configPath, urlFile] = process.argv.slice(2);
const { runServer } = require(verdaccioDir);

runServer(configPath).then((server) => {
  server.listen(0, '127.0.0.1', () => {
    writeFileSync(`${urlFile}.tmp`, `http://127.0.0.1:${server.address().port}/`);
    renameSync(`${urlFile}.tmp`, urlFile);
  });
  const stop = () => {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}, (error) => {
  console.error(error);
  process.exit(1);
});
