#!/usr/bin/env node
// Local S3 server for development and tests: s3rver on 127.0.0.1 with the suite's own credentials.
//
//   node serve.js PORT DATA_DIR [BUCKET...]
//
// Credentials come from S3_ACCESS_KEY / S3_SECRET_KEY. s3rver ships one fixed key pair; it is replaced so
// that requests with any other access key are refused, and unsigned (anonymous) requests, which s3rver would
// serve, are refused too. s3rver checks the access key of SigV4 requests but not their signature, so the
// generated access key is what guards the data; MinIO (used when its binary is on PATH) checks both.
'use strict';
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const [port, directory, ...buckets] = process.argv.slice(2);
const accessKey = process.env.S3_ACCESS_KEY;
const secretKey = process.env.S3_SECRET_KEY;
if (!port || !directory || !accessKey || !secretKey) {
  console.error('usage: S3_ACCESS_KEY=… S3_SECRET_KEY=… node serve.js PORT DATA_DIR [BUCKET...]');
  process.exit(2);
}
delete process.env.S3_SECRET_KEY;

AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: process.env.S3RVER_VERBOSE !== 'true',
  configureBuckets: buckets.map(name => ({ name, configs: [] })),
});

// Koa composes its middleware when the server starts listening, so this runs before s3rver's own.
server.middleware.unshift(async (ctx, next) => {
  const signed = ctx.get('authorization') !== '' || 'X-Amz-Signature' in ctx.query || 'Signature' in ctx.query;
  if (!signed) {
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>' +
      '<Message>Anonymous requests are not accepted; sign requests with the suite\'s access key.</Message></Error>';
    return;
  }
  await next();
});

server.run().then(
  address => console.log(`s3rver listening on http://${address.address}:${address.port}, data in ${directory}`),
  error => { console.error(`s3rver failed to start: ${error.message}`); process.exit(1); });

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close().finally(() => process.exit(0)));
}
