#!/usr/bin/env bash
# A local OpenSearch cluster (three nodes on 127.0.0.1 by default) for tests
# and development.
#
#   cluster.sh start          install whatever is missing (Java, Maven, the
#                             server and its modules), start every node that is
#                             not running and wait until the cluster is green
#                             with all nodes; quick no-op when it already is
#   cluster.sh stop           stop every node; nothing running is fine
#   cluster.sh status         one line per node plus the cluster health; exits 0
#                             only when every node runs and the cluster is green
#   cluster.sh stop-node N    stop node N alone (failover tests)
#   cluster.sh start-node N   start node N alone and wait until it has joined
#   cluster.sh clean          stop, then delete the nodes' data, logs and
#                             configuration; downloads and the install are kept
#
# Settings, from the environment:
#   OPENSEARCH_HOME           everything lives here (default /tmp/baoku-opensearch);
#                             the service user must be able to reach it, so it
#                             cannot sit inside a private home folder
#   OPENSEARCH_VERSION        server and module version (2.19.6)
#   OPENSEARCH_HEAP           JVM heap of each node (384m)
#   OPENSEARCH_NODES          number of nodes (3)
#   OPENSEARCH_CLUSTER_NAME   cluster.name (baoku-test)
#   OPENSEARCH_HTTP_BASE      node i serves HTTP on OPENSEARCH_HTTP_BASE+i (9200)
#   OPENSEARCH_TRANSPORT_BASE node i talks to the others on this base+i (9300)
#   OPENSEARCH_USER           system user the nodes run as when this script
#                             runs as root, which OpenSearch refuses to be
#                             (baoku-opensearch)
#   OPENSEARCH_START_TIMEOUT  seconds to wait for the cluster health (180)
#
# Layout under OPENSEARCH_HOME:
#   dist/                     downloads kept between runs: the server zip, the
#                             module jars and the Maven repository they came from
#   opensearch-VERSION/       the unpacked server, with the two added modules
#   nK/                       node K: config/ (opensearch.yml, jvm.options,
#                             keystore), data/, logs/, tmp/, opensearch.pid and
#                             console.log (what the launcher printed)
#
# The server is the integ-test distribution: the real server without a bundled
# JDK or security plugin, so it answers plain HTTP without authentication. Its
# only module is the network transport; analysis-common (ngram, cjk_bigram,
# whitespace, lowercase...) and lang-painless, which analysis-common extends,
# are added from their published jars, each with a plugin descriptor written
# here.
set -euo pipefail
umask 022

OPENSEARCH_HOME=${OPENSEARCH_HOME:-/tmp/baoku-opensearch}
OPENSEARCH_HOME=${OPENSEARCH_HOME%/}
OPENSEARCH_VERSION=${OPENSEARCH_VERSION:-2.19.6}
OPENSEARCH_HEAP=${OPENSEARCH_HEAP:-384m}
OPENSEARCH_NODES=${OPENSEARCH_NODES:-3}
OPENSEARCH_CLUSTER_NAME=${OPENSEARCH_CLUSTER_NAME:-baoku-test}
OPENSEARCH_HTTP_BASE=${OPENSEARCH_HTTP_BASE:-9200}
OPENSEARCH_TRANSPORT_BASE=${OPENSEARCH_TRANSPORT_BASE:-9300}
OPENSEARCH_USER=${OPENSEARCH_USER:-baoku-opensearch}
OPENSEARCH_START_TIMEOUT=${OPENSEARCH_START_TIMEOUT:-180}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIST=$OPENSEARCH_HOME/dist
M2_REPO=$DIST/m2
SERVER_ZIP=$DIST/opensearch-$OPENSEARCH_VERSION.zip
MODULE_JARS=$DIST/modules-$OPENSEARCH_VERSION
INSTALL=$OPENSEARCH_HOME/opensearch-$OPENSEARCH_VERSION
# Written last when an install is complete, so an interrupted one is redone.
INSTALLED_MARK=$INSTALL/.installed
# Pinned so every machine resolves the same plugin, not whatever is newest.
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
# OpenSearch 2.x runs on Java 11 and later, but it still installs the Java
# security manager, which Java 24 and later refuse to enable: accept 11 to 23.
JAVA_MIN=11
JAVA_MAX=23
# Debian packages to try, in order, when no usable Java is installed.
JAVA_PACKAGES=(openjdk-17-jre-headless openjdk-21-jre-headless openjdk-11-jre-headless)
# How long a node gets to exit after SIGTERM before it is killed.
STOP_TIMEOUT=60

log() { printf 'opensearch: %s\n' "$*"; }
die() { printf 'opensearch: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

case $OPENSEARCH_HOME in
    /*) ;;
    *) die "OPENSEARCH_HOME must be an absolute path, not '$OPENSEARCH_HOME'" ;;
esac
[[ $OPENSEARCH_NODES =~ ^[1-9][0-9]*$ ]] || die "OPENSEARCH_NODES must be a positive number"

node_dir() { echo "$OPENSEARCH_HOME/n$1"; }
http_port() { echo $((OPENSEARCH_HTTP_BASE + $1)); }
transport_port() { echo $((OPENSEARCH_TRANSPORT_BASE + $1)); }

# --- processes ---------------------------------------------------------------

# Prints the PID of node N if it runs. The PID in the pid file only counts when
# that process is an OpenSearch started with this node's configuration folder,
# so a stale file whose PID now belongs to something else is ignored (as is a
# zombie, whose command line is empty).
node_pid() {
    local dir pid
    dir=$(node_dir "$1")
    [ -s "$dir/opensearch.pid" ] || return 1
    # The server deletes its pid file as it exits: the file may be gone by now.
    pid=$(tr -dc 0-9 2>/dev/null <"$dir/opensearch.pid") || return 1
    [ -n "$pid" ] || return 1
    # cmdline holds the arguments separated by NUL bytes, hence -z.
    grep -qzxF -- "-Dopensearch.path.conf=$dir/config" "/proc/$pid/cmdline" 2>/dev/null || return 1
    echo "$pid"
}

# True while some process runs with node N's configuration folder, whether or
# not it has written its pid file yet (it does so a few seconds into start-up).
node_process_exists() {
    node_pid "$1" >/dev/null && return 0
    grep -qzxF -- "-Dopensearch.path.conf=$(node_dir "$1")/config" /proc/[0-9]*/cmdline 2>/dev/null
}

running_count() {
    local i n=0
    for ((i = 1; i <= OPENSEARCH_NODES; i++)); do
        if node_pid "$i" >/dev/null; then n=$((n + 1)); fi
    done
    echo "$n"
}

# --- cluster health ----------------------------------------------------------

# Prints the health JSON from the first node that answers.
health_json() {
    local i body
    command -v curl >/dev/null || return 1
    for ((i = 1; i <= OPENSEARCH_NODES; i++)); do
        body=$(curl -sf -m 5 "http://127.0.0.1:$(http_port "$i")/_cluster/health" 2>/dev/null) || continue
        case $body in *'"status"'*) echo "$body"; return 0 ;; esac
    done
    return 1
}

json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" <<<"$2"; }

# True when the cluster reports WANT_NODES nodes and a status in WANT_STATUSES
# (a space-separated list such as "green" or "green yellow").
cluster_is() {
    local want_nodes=$1 want_statuses=$2 body status nodes
    body=$(health_json) || return 1
    status=$(json_field status "$body")
    nodes=$(json_field number_of_nodes "$body")
    [ "$nodes" = "$want_nodes" ] && [[ " $want_statuses " == *" $status "* ]]
}

health_line() {
    local body
    if body=$(health_json); then
        printf 'cluster %s: %s, %s nodes, %s active shards, %s unassigned\n' \
            "$(json_field cluster_name "$body")" "$(json_field status "$body")" \
            "$(json_field number_of_nodes "$body")" "$(json_field active_shards "$body")" \
            "$(json_field unassigned_shards "$body")"
    else
        echo "cluster: no node answers on HTTP"
    fi
}

show_node_logs() {
    local i dir
    for ((i = 1; i <= OPENSEARCH_NODES; i++)); do
        dir=$(node_dir "$i")
        for f in "$dir/console.log" "$dir/logs/$OPENSEARCH_CLUSTER_NAME.log"; do
            [ -s "$f" ] || continue
            echo "----- last lines of $f" >&2
            tail -n 25 "$f" >&2
        done
    done
}

# Waits until the cluster has WANT_NODES nodes and a status in WANT_STATUSES.
# Fails early when one of LAUNCHED (node numbers started by this run) exits.
wait_for_cluster() {
    local want_nodes=$1 want_statuses=$2 launched=$3 start=$SECONDS i
    local deadline=$((SECONDS + OPENSEARCH_START_TIMEOUT))
    log "waiting for $want_nodes node(s), status ${want_statuses// / or } (at most ${OPENSEARCH_START_TIMEOUT}s)"
    while ! cluster_is "$want_nodes" "$want_statuses"; do
        for i in $launched; do
            node_process_exists "$i" && continue
            show_node_logs
            die "node n$i exited during start-up (its logs are above)"
        done
        if [ "$SECONDS" -ge "$deadline" ]; then
            show_node_logs
            health_line >&2
            die "the cluster did not reach $want_nodes node(s) ${want_statuses// / or } within ${OPENSEARCH_START_TIMEOUT}s (node logs above)"
        fi
        sleep 2
    done
    log "$(health_line) after $((SECONDS - start))s"
}

# --- tools -------------------------------------------------------------------

# Prints the major version of the Java at JAVA_HOME $1 (8 for 1.8).
java_major() {
    local v
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
    v=${v#1.}
    echo "${v%%.*}"
}

# Prints the home of the first Java in the supported range, looking at the
# usual variables, the java on PATH, then every JVM the system has installed.
find_java_home() {
    local candidates=() h major java_bin
    [ -n "${OPENSEARCH_JAVA_HOME:-}" ] && candidates+=("$OPENSEARCH_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if java_bin=$(command -v java); then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$java_bin")")")")
    fi
    for h in /usr/lib/jvm/*; do candidates+=("$h"); done
    for h in "${candidates[@]}"; do
        [ -x "$h/bin/java" ] || continue
        major=$(java_major "$h")
        [[ $major =~ ^[0-9]+$ ]] || continue
        if [ "$major" -ge "$JAVA_MIN" ] && [ "$major" -le "$JAVA_MAX" ]; then
            echo "$h"
            return 0
        fi
    done
    return 1
}

# The first package of JAVA_PACKAGES that this system's package lists offer.
pick_java_package() {
    local p candidate
    for p in "${JAVA_PACKAGES[@]}"; do
        candidate=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
        if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# Makes sure Java, and Maven when something still has to be downloaded, plus
# the small tools this script calls are there; installs what is missing with
# apt when running as root.
ensure_tools() {
    local need_maven=$1 missing=() packages=() java_package
    find_java_home >/dev/null || missing+=(java)
    [ "$need_maven" = yes ] && ! command -v mvn >/dev/null && missing+=(maven)
    command -v unzip >/dev/null || missing+=(unzip)
    command -v curl >/dev/null || missing+=(curl)
    # bin/opensearch -d checks that the server is alive with ps.
    command -v ps >/dev/null || missing+=(procps)
    [ ${#missing[@]} -eq 0 ] && return 0

    is_root || die "missing: ${missing[*]} (Java $JAVA_MIN-$JAVA_MAX for java); install them or run as root"
    command -v apt-get >/dev/null || die "missing: ${missing[*]}, and there is no apt-get to install them"
    log "installing ${missing[*]}"
    apt-get update -qq
    for p in "${missing[@]}"; do
        if [ "$p" = java ]; then
            java_package=$(pick_java_package) \
                || die "none of ${JAVA_PACKAGES[*]} is offered by this system's package lists"
            packages+=("$java_package")
        else
            packages+=("$p")
        fi
    done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
    find_java_home >/dev/null || die "no Java $JAVA_MIN-$JAVA_MAX found after installing ${packages[*]}"
}

ensure_user() {
    is_root || return 0
    id -u "$OPENSEARCH_USER" >/dev/null 2>&1 && return 0
    log "creating system user $OPENSEARCH_USER"
    useradd -r -M -s /usr/sbin/nologin "$OPENSEARCH_USER"
}

# Runs a command as the service user when this script runs as root.
as_service_user() {
    if is_root; then runuser -u "$OPENSEARCH_USER" -- "$@"; else "$@"; fi
}

# --- download and install ----------------------------------------------------

# The module jars are fetched again when modules-pom.xml has changed since.
module_jars_current() {
    [ -f "$MODULE_JARS/.complete" ] && cmp -s "$SCRIPT_DIR/modules-pom.xml" "$MODULE_JARS/pom.xml"
}

need_download() {
    [ -s "$SERVER_ZIP" ] && module_jars_current && return 1
    return 0
}

mvn_quiet() {
    # -B: no colours or prompts in logs; the repository lives in dist/ so a
    # second run, or a run after stop, finds everything already there.
    # Some Maven versions print colour resets even then; they are filtered out
    # (pipefail keeps Maven's exit status).
    mvn -B -q -Dmaven.repo.local="$M2_REPO" "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
}

fetch_server_zip() {
    [ -s "$SERVER_ZIP" ] && return 0
    log "downloading the OpenSearch $OPENSEARCH_VERSION server (integ-test zip, about 56 MB)"
    local tmp=$DIST/.zip-download
    rm -rf "$tmp"
    mvn_quiet "$DEPENDENCY_PLUGIN:copy" \
        -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip" \
        -DoutputDirectory="$tmp"
    mv "$tmp/opensearch-$OPENSEARCH_VERSION.zip" "$SERVER_ZIP"
    rm -rf "$tmp"
}

fetch_module_jars() {
    module_jars_current && return 0
    log "downloading the analysis-common and lang-painless modules with their dependencies"
    local tmp=$DIST/.modules-download
    rm -rf "$tmp" "$MODULE_JARS"
    mkdir -p "$tmp"
    # Maven works next to the pom it reads, so it reads a copy in dist/.
    cp "$SCRIPT_DIR/modules-pom.xml" "$tmp/pom.xml"
    mvn_quiet -f "$tmp/pom.xml" -Dopensearch.version="$OPENSEARCH_VERSION" \
        "$DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=runtime \
        -DoutputDirectory="$tmp/jars"
    local jar
    for jar in analysis-common lang-painless opensearch-scripting-painless-spi; do
        [ -f "$tmp/jars/$jar-$OPENSEARCH_VERSION.jar" ] || die "Maven did not deliver $jar-$OPENSEARCH_VERSION.jar"
    done
    cp "$tmp/pom.xml" "$tmp/jars/pom.xml"
    mv "$tmp/jars" "$MODULE_JARS"
    rm -rf "$tmp"
    touch "$MODULE_JARS/.complete"
    # New jars: the install is redone with them.
    rm -f "$INSTALLED_MARK"
}

# Writes the plugin-descriptor.properties OpenSearch reads for every module:
# folder, name, main class, description, and the plugin it extends (if any).
write_descriptor() {
    local dir=$1 name=$2 classname=$3 description=$4 extends=${5:-}
    {
        echo "# Written by scripts/opensearch/cluster.sh: the published jar has no descriptor."
        echo "description=$description"
        echo "version=$OPENSEARCH_VERSION"
        echo "name=$name"
        echo "classname=$classname"
        echo "java.version=$JAVA_MIN"
        echo "opensearch.version=$OPENSEARCH_VERSION"
        echo "has.native.controller=false"
        if [ -n "$extends" ]; then echo "extended.plugins=$extends"; fi
    } >"$dir/plugin-descriptor.properties"
}

install_server() {
    [ -f "$INSTALLED_MARK" ] && [ -x "$INSTALL/bin/opensearch" ] && return 0
    log "installing OpenSearch $OPENSEARCH_VERSION in $INSTALL"
    local tmp=$OPENSEARCH_HOME/.install
    rm -rf "$tmp" "$INSTALL"
    mkdir -p "$tmp"
    unzip -q "$SERVER_ZIP" -d "$tmp"
    local root=$tmp/opensearch-$OPENSEARCH_VERSION
    [ -x "$root/bin/opensearch" ] || die "$SERVER_ZIP does not hold opensearch-$OPENSEARCH_VERSION/bin/opensearch"

    local painless=$root/modules/lang-painless analysis=$root/modules/analysis-common jar
    mkdir -p "$painless" "$analysis"
    for jar in "$MODULE_JARS"/*.jar; do
        case $(basename "$jar") in
            analysis-common-*) cp "$jar" "$analysis/" ;;
            *) cp "$jar" "$painless/" ;;
        esac
    done
    write_descriptor "$painless" lang-painless org.opensearch.painless.PainlessPlugin \
        "An easy, safe and fast scripting language for OpenSearch"
    # Painless compiles scripts to classes in class loaders of its own.
    cat >"$painless/plugin-security.policy" <<'EOF'
grant {
  // create the class loaders that hold compiled scripts
  permission java.lang.RuntimePermission "createClassLoader";
  // reach the class loader of the classes scripts may use
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
    write_descriptor "$analysis" analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
        "Adds common analysis components (ngram, cjk_bigram, whitespace, lowercase...)" lang-painless

    touch "$root/.installed"
    mv "$root" "$INSTALL"
    rm -rf "$tmp"
    if is_root; then chown -R "$OPENSEARCH_USER": "$INSTALL"; fi
}

# Everything start and start-node need before a node can be launched.
prepare() {
    local need_maven=no
    if need_download; then need_maven=yes; fi
    ensure_tools "$need_maven"
    ensure_user
    mkdir -p "$DIST"
    chmod 755 "$OPENSEARCH_HOME"
    fetch_server_zip
    fetch_module_jars
    install_server
    # The Java the nodes run on, passed to the launcher as OPENSEARCH_JAVA_HOME.
    SERVER_JAVA_HOME=$(find_java_home)
    as_service_user test -x "$INSTALL/bin/opensearch" \
        || die "user $OPENSEARCH_USER cannot reach $INSTALL; set OPENSEARCH_HOME to a folder outside private home folders"
}

# --- nodes -------------------------------------------------------------------

# (Re)writes node N's configuration. The keystore the server creates in the
# config folder on first start stays; opensearch.yml and jvm.options are
# rewritten on every start so changed settings take effect.
configure_node() {
    local i=$1 dir seeds="" managers="" k
    dir=$(node_dir "$i")
    mkdir -p "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp"
    [ -f "$dir/config/log4j2.properties" ] || cp -R "$INSTALL/config/." "$dir/config/"

    # The stock jvm.options puts heap dumps, JVM error files and the GC log in
    # folders relative to the working directory, shared by all nodes: point
    # them at this node's logs folder, and set the heap.
    sed -e "s|^-Xms.*|-Xms$OPENSEARCH_HEAP|" \
        -e "s|^-Xmx.*|-Xmx$OPENSEARCH_HEAP|" \
        -e "s|HeapDumpPath=.*|HeapDumpPath=$dir/logs|" \
        -e "s|\([:=]\)logs/|\1$dir/logs/|g" \
        "$INSTALL/config/jvm.options" >"$dir/config/jvm.options"

    for ((k = 1; k <= OPENSEARCH_NODES; k++)); do
        seeds+="${seeds:+, }\"127.0.0.1:$(transport_port "$k")\""
        managers+="${managers:+, }\"n$k\""
    done
    cat >"$dir/config/opensearch.yml" <<EOF
# Written by scripts/opensearch/cluster.sh on every start of this node.
cluster.name: $OPENSEARCH_CLUSTER_NAME
node.name: n$i
network.host: 127.0.0.1
http.port: $(http_port "$i")
transport.port: $(transport_port "$i")
discovery.seed_hosts: [$seeds]
# Only read when the cluster forms for the first time.
cluster.initial_cluster_manager_nodes: [$managers]
path.data: "$dir/data"
path.logs: "$dir/logs"
# A test cluster on a busy disk must still allocate every replica.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    : >"$dir/console.log"
    rm -f "$dir/opensearch.pid"
    if is_root; then chown -R "$OPENSEARCH_USER": "$dir"; fi
}

# Launches node N in the background. The server runs in a session of its own
# with stdin, stdout and stderr detached from the caller, so a terminal or a CI
# log pipe is not held open by it; the lock descriptor is closed for the same
# reason. Its environment is built from scratch so no OPENSEARCH_HOME, JAVA_*
# or other setting of the caller leaks into the server's launcher scripts.
launch_node() {
    local i=$1 dir rc=0 run_as=()
    dir=$(node_dir "$i")
    if is_root; then run_as=(runuser -u "$OPENSEARCH_USER" --); fi
    configure_node "$i"
    log "starting n$i (http 127.0.0.1:$(http_port "$i"), heap $OPENSEARCH_HEAP)"
    (
        cd "$INSTALL"
        exec setsid -w "${run_as[@]}" \
            env -i \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME="$dir" LANG=C.UTF-8 \
            OPENSEARCH_HOME="$INSTALL" \
            OPENSEARCH_JAVA_HOME="$SERVER_JAVA_HOME" \
            OPENSEARCH_PATH_CONF="$dir/config" \
            OPENSEARCH_TMPDIR="$dir/tmp" \
            bin/opensearch -d -p "$dir/opensearch.pid"
    ) </dev/null >>"$dir/console.log" 2>&1 9>&- || rc=$?
    if [ "$rc" -ne 0 ]; then
        printf 'opensearch: error: the launcher of n%s failed with exit code %s\n' "$i" "$rc" >&2
        return 1
    fi
}

# Launches the given nodes side by side: each launcher runs a few short JVMs
# (version check, keystore check, JVM options) before the server itself.
launch_nodes() {
    local i launchers=() failed=0
    for i in "$@"; do
        launch_node "$i" &
        launchers+=($!)
    done
    for i in "${launchers[@]}"; do
        wait "$i" || failed=1
    done
    if [ "$failed" -ne 0 ]; then
        show_node_logs
        die "a node failed to launch (logs above)"
    fi
}

# True once process PID has exited: gone from /proc, or a zombie. While a
# process exits, its command line empties before its files (sockets, the
# data folder lock) are closed, so node_pid alone says "stopped" too early.
pid_gone() {
    local state
    [ -e "/proc/$1" ] || return 0
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 0
    [ -z "$state" ] || [ "$state" = Z ]
}

# Sends SIGTERM to each given node, waits for all of them to exit, and kills
# the ones still there after STOP_TIMEOUT seconds.
stop_nodes() {
    local i k pid pids=() names=() deadline alive
    for i in "$@"; do
        if pid=$(node_pid "$i"); then
            log "stopping n$i (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
            names+=("$i")
        else
            rm -f "$(node_dir "$i")/opensearch.pid"
        fi
    done
    if [ ${#pids[@]} -eq 0 ]; then
        log "no node running"
        return 0
    fi
    deadline=$((SECONDS + STOP_TIMEOUT))
    while :; do
        alive=0
        for pid in "${pids[@]}"; do
            if ! pid_gone "$pid"; then alive=1; fi
        done
        [ "$alive" -eq 0 ] && break
        if [ "$SECONDS" -ge "$deadline" ]; then
            for k in "${!names[@]}"; do
                # Only a process still identified as that node is killed.
                if [ "$(node_pid "${names[$k]}")" = "${pids[$k]}" ]; then
                    log "n${names[$k]} still runs after ${STOP_TIMEOUT}s: killing pid ${pids[$k]}"
                    kill -KILL "${pids[$k]}" 2>/dev/null || true
                fi
            done
            # SIGKILL cannot be ignored; give the kernel a moment to reap.
            for ((k = 0; k < 10; k++)); do
                alive=0
                for pid in "${pids[@]}"; do
                    if ! pid_gone "$pid"; then alive=1; fi
                done
                [ "$alive" -eq 0 ] && break
                sleep 1
            done
            break
        fi
        sleep 0.5
    done
    for k in "${!names[@]}"; do
        pid_gone "${pids[$k]}" || die "n${names[$k]} (pid ${pids[$k]}) did not exit"
        rm -f "$(node_dir "${names[$k]}")/opensearch.pid"
    done
    log "stopped: $(printf 'n%s ' "${names[@]}")"
}

# --- commands ----------------------------------------------------------------

# Serialises start and stop runs against each other, e.g. parallel test jobs
# that each make sure the cluster is up.
take_lock() {
    mkdir -p "$OPENSEARCH_HOME"
    exec 9>>"$OPENSEARCH_HOME/.lock"
    flock -w 900 9 || die "another cluster.sh run holds $OPENSEARCH_HOME/.lock"
}

all_node_numbers() { seq 1 "$OPENSEARCH_NODES"; }

cmd_start() {
    take_lock
    if [ "$(running_count)" -eq "$OPENSEARCH_NODES" ] && cluster_is "$OPENSEARCH_NODES" green; then
        log "already running: $(health_line)"
        return 0
    fi
    prepare
    local i launched=""
    for i in $(all_node_numbers); do
        if node_pid "$i" >/dev/null; then continue; fi
        launched+=" $i"
    done
    # shellcheck disable=SC2086
    launch_nodes $launched
    wait_for_cluster "$OPENSEARCH_NODES" green "$launched"
}

cmd_stop() {
    take_lock
    # shellcheck disable=SC2046
    stop_nodes $(all_node_numbers)
}

check_node_number() {
    if ! [[ ${1:-} =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt "$OPENSEARCH_NODES" ]; then
        die "give a node number from 1 to $OPENSEARCH_NODES"
    fi
}

cmd_stop_node() {
    check_node_number "${1:-}"
    take_lock
    stop_nodes "$1"
    # The others notice the departure within seconds; until then the health
    # still counts the stopped node. Without a quorum left nothing answers, so
    # this wait is short and never fails.
    local remaining i
    remaining=$(running_count)
    for ((i = 0; i < 15; i++)); do
        cluster_is "$remaining" "green yellow red" && break
        sleep 1
    done
    log "$(health_line)"
}

cmd_start_node() {
    check_node_number "${1:-}"
    take_lock
    if node_pid "$1" >/dev/null; then
        log "n$1 already runs: $(health_line)"
        return 0
    fi
    prepare
    local expected statuses="green yellow"
    expected=$(($(running_count) + 1))
    [ "$expected" -eq "$OPENSEARCH_NODES" ] && statuses=green
    launch_nodes "$1"
    wait_for_cluster "$expected" "$statuses" "$1"
}

cmd_status() {
    local i pid ok=0
    for i in $(all_node_numbers); do
        if pid=$(node_pid "$i"); then
            echo "n$i: running, pid $pid, http://127.0.0.1:$(http_port "$i")"
        else
            echo "n$i: stopped"
            ok=1
        fi
    done
    health_line
    cluster_is "$OPENSEARCH_NODES" green || ok=1
    return "$ok"
}

cmd_clean() {
    cmd_stop
    local i
    for i in $(all_node_numbers); do rm -rf "$(node_dir "$i")"; done
    log "removed the node folders under $OPENSEARCH_HOME"
}

usage() {
    echo "usage: $0 start | stop | status | stop-node N | start-node N | clean" >&2
    exit 2
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    stop-node) cmd_stop_node "${2:-}" ;;
    start-node) cmd_start_node "${2:-}" ;;
    clean) cmd_clean ;;
    *) usage ;;
esac
