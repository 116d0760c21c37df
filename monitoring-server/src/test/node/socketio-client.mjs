// Drives the npm socket.io-client against the server, as the seed's snippets do, and prints one JSON line per
// thing seen: SocketIoClientTest reads them. Arguments: the server's URL and its API token.
import { io } from "socket.io-client";

const [url, token] = process.argv.slice(2);
const out = (line) => console.log(JSON.stringify(line));
const socket = io(url, { transports: ["websocket"], reconnection: false });

socket.on("connect", () => {
  out({ connected: socket.id });
  socket.emit("subscribe", { events: ["service.*"], services: ["auth"] });
});
socket.on("connect_error", (e) => { out({ connectError: e.message }); process.exit(3); });
socket.on("initialState", (state) => out({ initialState: Object.keys(state) }));
socket.on("subscribed", (ack) => out({ subscribed: ack }));
socket.on("error", (e) => out({ error: e }));
let restarting = false;
const pending = new Set(["acknowledged", "restarted"]);
const done = (what) => {
  pending.delete(what);
  if (pending.size === 0) {
    socket.close();
    process.exit(0);
  }
};
socket.on("service.down", (event) => {
  out({ serviceDown: event });
  if (restarting) return;
  restarting = true;
  socket.emit("restartService", "auth", (withoutToken) => {
    out({ restartWithoutToken: withoutToken });
    socket.emit("restartService", { service: "auth", token }, (withToken) => {
      out({ restartWithToken: withToken });
      done("acknowledged");
    });
  });
});
socket.on("serviceRestarted", (event) => {
  out({ serviceRestarted: event });
  done("restarted");
});
setTimeout(() => { out({ timeout: true }); process.exit(2); }, 30000);
