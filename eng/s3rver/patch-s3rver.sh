#!/bin/sh
# Two fixes s3rver 3.7.1 needs before real S3 clients work with it. Idempotent; run by npm postinstall.
set -eu
lib="${1:-node_modules/s3rver/lib}"
# 1. Its XML responses use a wrong namespace, so XmlSerializer-based clients (the Minio SDK's ListObjects)
#    silently see empty lists.
sed -i 's#http://doc.s3.amazonaws.com/2006-03-01/#http://s3.amazonaws.com/doc/2006-03-01/#g' "$lib"/controllers/*.js
# 2. Clients URL-encode x-amz-copy-source ("bucket/dir%2Fkey"); decodeURI leaves %2F, so copies of keys
#    with '/' fail with NoSuchKey.
sed -i "s#decodeURI(ctx.headers\['x-amz-copy-source'\])#decodeURIComponent(ctx.headers['x-amz-copy-source'])#" "$lib"/controllers/object.js
