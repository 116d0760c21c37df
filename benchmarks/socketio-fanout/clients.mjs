// N real socket.io-client connections on one URL; each subscribes to load.tick (this server then sends it once
// per client; Node's server ignores the subscribe) and records each event's delay from its publication.
// Arguments: url, clients, warm-up seconds, measured seconds, transports (websocket or default).
// Prints one JSON line: {connected, delivered, duplicates, p50, p99, p999, max} (delays in ms).
import { io } from "socket.io-client";

const [url, count, warmUp, seconds, transports] = process.argv.slice(2);
const n = Number(count);
const delays = [];
let measuring = false;
let connected = 0;
let duplicates = 0;
const micros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const sockets = [];
for (let i = 0; i < n; i++) {
  const socket = io(url, transports === "default" ? {} : { transports: [transports] });
  socket.on("connect", () => {
    connected++;
    socket.emit("subscribe", { events: ["load.tick"] });
  });
  const seen = new Set();
  socket.on("load.tick", (event) => {
    if (seen.has(event.data.seq)) duplicates++;
    seen.add(event.data.seq);
    if (measuring) delays.push((micros() - event.data.sentAtMicros) / 1000);
  });
  sockets.push(socket);
}
const percentile = (sorted, p) => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
setTimeout(() => { measuring = true; }, Number(warmUp) * 1000);
setTimeout(() => {
  measuring = false;
  delays.sort((a, b) => a - b);
  console.log(JSON.stringify({
    connected, delivered: delays.length, duplicates,
    p50: percentile(delays, 0.5), p99: percentile(delays, 0.99), p999: percentile(delays, 0.999),
    max: delays.length ? delays[delays.length - 1] : NaN,
  }));
  sockets.forEach((s) => s.close());
  process.exit(0);
}, (Number(warmUp) + Number(seconds)) * 1000);
