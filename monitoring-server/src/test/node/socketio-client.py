# Debian's python3-socketio client with its defaults (polling, then the upgrade), used as the seed's snippets use
# Socket.IO: no subscribe call, handlers on event types, on 'incident.*' and on '*'. Prints one JSON line per thing
# seen, for SocketIoClientTest. Arguments: the server's URL and its API token. Runs until standard input closes.
import json
import sys
import threading

import socketio

url, token = sys.argv[1], sys.argv[2]
sio = socketio.Client()
states = 0
restarting = False


# Handlers run on the client's own threads: one line at a time, written whole.
printing = threading.Lock()


def out(line):
    with printing:
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


@sio.event
def connect():
    out({"connected": sio.transport()})


@sio.event
def connect_error(data):
    out({"connectError": str(data)})


@sio.on("initialState")
def initial_state(state):
    global states
    states += 1
    out({"initialState": list(state.keys()), "count": states})
    if states == 1:
        sio.emit("requestMetrics", b"\x00\x01\x02\xff", callback=lambda ack: out({"binaryAck": ack}))


@sio.on("service.down")
def service_down(event):
    global restarting
    out({"serviceDown": event})
    if restarting:
        return
    restarting = True

    def with_token(ack):
        out({"restartWithToken": ack})

    def without_token(ack):
        out({"restartWithoutToken": ack})
        sio.emit("restartService", {"service": "auth", "token": token}, callback=with_token)

    sio.emit("restartService", "auth", callback=without_token)


@sio.on("incident.*")
def incident_pattern(event):
    out({"incidentPattern": event["type"]})


@sio.on("*")
def star(*args):
    # python-socketio also calls a '*' handler for events that have none of their own, as (name, data).
    if len(args) == 1:
        out({"star": args[0]["type"]})


@sio.on("serviceRestarted")
def service_restarted(event):
    out({"serviceRestarted": event})


sio.connect(url)
sys.stdin.read()
out({"upgraded": sio.transport()})
sio.disconnect()
