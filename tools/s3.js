// Local S3 endpoint for development and tests: s3rver on loopback with a data folder.
// Production uses MinIO; the apps talk to both only through the minio client.
const S3rver = require('s3rver');

/** Starts s3rver; resolves with { port, close() }. `port: 0` picks a free port. */
async function startS3({ port = 9000, directory, buckets = [] }) {
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port: actual } = await server.run();
  return { port: actual, close: () => server.close() };
}

module.exports = { startS3 };
