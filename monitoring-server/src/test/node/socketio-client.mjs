// The npm socket.io-client, used as the seed's snippets use it: no subscribe call, listeners on event types,
// on 'incident.*' and on '*'. Prints one JSON line per thing seen, for SocketIoClientTest.
// Arguments: the server's URL, its API token, and the transports: default (polling, then the upgrade),
// polling or websocket. It runs until its standard input closes.
import { io } from "socket.io-client";

const [url, token, transports] = process.argv.slice(2);
const out = (line) => console.log(JSON.stringify(line));
const socket = transports === "default" ? io(url) : io(url, { transports: [transports] });

// The manager opens the Engine.IO session (after its handshake, before any upgrade), then the socket connects.
socket.io.on("open", () => {
  out({ opened: socket.io.engine.transport.name });
  socket.io.engine.once("upgrade", (transport) => out({ upgraded: transport.name }));
});
socket.on("connect", () => out({ connected: socket.io.engine.transport.name }));
socket.on("connect_error", (e) => out({ connectError: e.message }));
let states = 0;
socket.on("initialState", (state) => {
  out({ initialState: Object.keys(state), count: ++states });
  if (states === 1) {
    socket.emit("requestMetrics", Buffer.from([0, 1, 2, 255]), (ack) => out({ binaryAck: ack }));
  }
});
socket.on("error", (e) => out({ error: e }));
let restarting = false;
socket.on("service.down", (event) => {
  out({ serviceDown: event });
  if (restarting) return;
  restarting = true;
  socket.emit("restartService", "auth", (withoutToken) => {
    out({ restartWithoutToken: withoutToken });
    socket.emit("restartService", { service: "auth", token }, (withToken) => out({ restartWithToken: withToken }));
  });
});
socket.on("incident.*", (event) => out({ incidentPattern: event.type }));
socket.on("*", (event) => out({ star: event.type }));
socket.on("serviceRestarted", (event) => out({ serviceRestarted: event }));
process.stdin.on("end", () => { socket.close(); process.exit(0); });
process.stdin.resume();
