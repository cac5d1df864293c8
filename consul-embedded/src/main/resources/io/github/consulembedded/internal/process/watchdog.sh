# The agent watchdog of one JVM session (see Watchdog.java).
# Reads its standard input, a pipe from the JVM, until EOF: the kernel closes the pipe when the JVM
# exits, even on SIGKILL. Then it ends every agent whose command line names this session's
# pid-file folder ($CE_SESSION), and removes the session folder. Terminal signals are ignored so
# that Ctrl-C leaves the shutdown to the JVM's own hooks. Frozen (SIGSTOPped) agents get SIGCONT
# after SIGTERM so that they can act on it.
trap '' INT HUP TERM
while read -r _; do :; done
pat="pid-file=$CE_SESSION/"
if command -v pkill >/dev/null 2>&1; then
  pkill -TERM -f "$pat" 2>/dev/null
  pkill -CONT -f "$pat" 2>/dev/null
  i=0
  while [ $i -lt 30 ] && pgrep -f "$pat" >/dev/null 2>&1; do sleep 0.1; i=$((i+1)); done
  pkill -KILL -f "$pat" 2>/dev/null
else
  for f in "$CE_SESSION"/*/consul.pid; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null && kill -CONT "$(cat "$f")" 2>/dev/null; done
  sleep 3
  for f in "$CE_SESSION"/*/consul.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
fi
rm -rf "$CE_SESSION"
