#!/usr/bin/env node
// Local S3 server for development and tests: s3rver on 127.0.0.1 with the suite's own credentials.
//
//   node serve.js PORT DATA_DIR [BUCKET...]
//
// Credentials come from S3_ACCESS_KEY / S3_SECRET_KEY. s3rver ships one fixed key pair; it is replaced so
// that requests with any other access key are refused. s3rver checks the access key of SigV4 requests but
// not their signature; MinIO (used when its binary is on PATH) checks both.
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

server.run().then(
  address => console.log(`s3rver listening on http://${address.address}:${address.port}, data in ${directory}`),
  error => { console.error(`s3rver failed to start: ${error.message}`); process.exit(1); });

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close().finally(() => process.exit(0)));
}
