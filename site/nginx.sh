#!/usr/bin/env bash
# site/nginx.sh start|stop|reload|status|url
#
# A throwaway nginx (Debian's `nginx` package; apt-get installs it when missing, root only)
# in front of N web nodes, round-robin, on 127.0.0.1:$NGINX_PORT (default 8180):
#   NGINX_UPSTREAMS  the nodes, space-separated host:port (default "127.0.0.1:8001 127.0.0.1:8002")
#   NGINX_MEDIA      optional http://host:port/bucket: /media/ is proxied there (public renditions,
#                    readable from any origin: Access-Control-Allow-Origin: *)
# A node that refuses or drops a connection is skipped for 5 s; a GET it failed is retried on
# another node (nginx's proxy_next_upstream), a POST is not. The production counterpart, with
# TLS, is site/nginx.conf.example. State (config, pid, logs, temp files) in $STATE_DIR/nginx.
# shellcheck source=site/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PORT="${NGINX_PORT:-8180}"
UPSTREAMS="${NGINX_UPSTREAMS:-127.0.0.1:8001 127.0.0.1:8002}"
MEDIA="${NGINX_MEDIA:-}"
BASE="$STATE_DIR/nginx"
CONF="$BASE/nginx.conf"
URL="http://127.0.0.1:$PORT"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)

ensure_installed() {
  [ -x "$NGINX" ] && return 0
  is_root || die "nginx is not installed and we are not root: apt-get install nginx-light"
  apt_install --no-install-recommends nginx
  NGINX=$(command -v nginx)
}

write_conf() {
  local server servers="" media=""
  for server in $UPSTREAMS; do servers="$servers    server $server max_fails=1 fail_timeout=5s;"$'\n'; done
  if [ -n "$MEDIA" ]; then
    media="    location /media/ {
        proxy_pass ${MEDIA%/}/;
        proxy_http_version 1.1;
        proxy_set_header Connection \"\";
        proxy_hide_header Access-Control-Allow-Origin;
        add_header Access-Control-Allow-Origin \"*\" always;
    }"
  fi
  mkdir -p "$BASE/tmp"
  cat >"$CONF" <<CONF
# written by site/nginx.sh
worker_processes 1;
pid $BASE/nginx.pid;
error_log $BASE/error.log warn;
events { worker_connections 2048; }
http {
    access_log $BASE/access.log;
    client_body_temp_path $BASE/tmp/body;
    proxy_temp_path $BASE/tmp/proxy;
    fastcgi_temp_path $BASE/tmp/fastcgi;
    uwsgi_temp_path $BASE/tmp/uwsgi;
    scgi_temp_path $BASE/tmp/scgi;
    client_max_body_size 12m;
    upstream kmp_web {
$servers        keepalive 64;
        # Below gunicorn's keep-alive (2 s): nginx must never reuse a connection the node is
        # closing, which would count as the node failing (and, for both nodes, "no live upstreams").
        keepalive_timeout 1s;
    }
    server {
        listen 127.0.0.1:$PORT;
$media
        location / {
            proxy_pass http://kmp_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }
    }
}
CONF
}

nginx_pid() { pid_from_file "$BASE/nginx.pid" "$CONF"; }

cmd_start() {
  ensure_installed
  mkdir -p "$BASE"
  write_conf
  "$NGINX" -t -q -p "$BASE" -c "$CONF" 2>&1 | grep -v "could not open error log" >&2 || true
  if [ -n "$(nginx_pid)" ]; then "$NGINX" -p "$BASE" -c "$CONF" -s reload 2>/dev/null; took "reloaded: $URL"; return 0; fi
  ensure_port_free "$PORT" NGINX_PORT
  "$NGINX" -p "$BASE" -c "$CONF" 2>/dev/null
  took "up: $URL -> $UPSTREAMS${MEDIA:+ (/media/ -> $MEDIA)}"
}

cmd_stop() {
  local pid
  pid=$(nginx_pid)
  if [ -z "$pid" ]; then log "not running"; return 0; fi
  kill -QUIT "$pid"
  wait_exit "$pid" 50 0.1
  took "stopped"
}

case "${1:-}" in
  start | reload) cmd_start ;;
  stop) cmd_stop ;;
  status) if [ -n "$(nginx_pid)" ]; then log "running at $URL"; else log "not running"; exit 3; fi ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|reload|status|url" >&2; exit 2 ;;
esac
