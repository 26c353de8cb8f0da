// Preloaded (`node --require`) into Typewriter when the bench cannot give it an empty network
// namespace (bench/lib/typewriter.js): every outgoing connection and DNS lookup fails at once, as on a
// machine without network, so it can neither fetch a plan nor wait on one.
'use strict';
const net = require('node:net');
const dns = require('node:dns');

function unreachable() {
  const error = new Error('connect ENETUNREACH (network blocked by the flokit-gen bench)');
  error.code = 'ENETUNREACH';
  return error;
}

net.Socket.prototype.connect = function connect() {
  process.nextTick(() => this.destroy(unreachable()));
  return this;
};
dns.lookup = (_host, _options, callback) => process.nextTick(() => (typeof _options === 'function' ? _options : callback)(unreachable()));
if (typeof globalThis.fetch === 'function') globalThis.fetch = async () => Promise.reject(unreachable());
