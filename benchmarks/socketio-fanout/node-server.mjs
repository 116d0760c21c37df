// The peer: Node's own socket.io server, emitting the same event at the same rate to every client.
// Arguments: port, events a second.
import { createServer } from "node:http";
import { Server } from "socket.io";

const [port, rate] = process.argv.slice(2).map(Number);
const http = createServer();
const io = new Server(http);
http.listen(port, "127.0.0.1", () => console.log(`node socket.io listening on ${port}`));
let seq = 0;
const micros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
setInterval(() => {
  io.emit("load.tick", { type: "load.tick", source: "load", data: { seq: seq++, sentAtMicros: micros() } });
}, 1000 / rate);
