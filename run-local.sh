#!/usr/bin/env bash
# Runs Issue Desk on this machine with a JDK 17+ only: a single-node Kafka broker (KRaft, from the
# Apache Kafka jars, no Docker) and the four services, with data and logs under .local/.
# Builds first when needed. Ctrl-C stops everything.
#
#   ./run-local.sh            build if something changed, then run
#   ./run-local.sh --build    build anyway, then run
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

usage() {
  sed -n '2,8s/^# \{0,1\}//p' "$0"
}

force_build=false
for arg in "$@"; do
  case "$arg" in
    --build) force_build=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-local.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

# --- a JDK 17 or newer (the same one ./mvnw uses: JAVA_HOME, else java on the PATH) -------------
if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
  java="${JAVA_HOME}/bin/java"
elif command -v java >/dev/null 2>&1; then
  java="$(command -v java)"
else
  echo "run-local.sh: no Java found. Install a JDK 17 or newer (e.g. 'apt-get install openjdk-17-jdk-headless')" >&2
  echo "and put it on the PATH or set JAVA_HOME." >&2
  exit 1
fi
java_version="$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
java_major="${java_version%%.*}"
if [[ "$java_major" == "1" ]]; then            # 1.8.0_x and older
  java_major="$(echo "$java_version" | cut -d. -f2)"
fi
if ! [[ "$java_major" =~ ^[0-9]+$ ]] || (( java_major < 17 )); then
  echo "run-local.sh: Java 17 or newer is needed; $java is version '${java_version:-unknown}'." >&2
  echo "Install a JDK 17+ and set JAVA_HOME to it." >&2
  exit 1
fi

# --- build when something is missing or a source changed since the last build by this script ----
services=(ingest-service classifier-service routing-service gateway)
launcher=local-runner/target/classes/org/issuedesk/localrun/LocalRun.class
kafka_lib=local-runner/target/kafka-lib
# when this script last built successfully (its start time); "mvn clean" removes it
stamp=local-runner/target/run-local.built

needs_build() {
  $force_build && { echo "--build given"; return 0; }
  [[ -f "$launcher" && -d "$kafka_lib" ]] || { echo "local-runner is not built"; return 0; }
  for service in "${services[@]}"; do
    compgen -G "$service/target/$service-*-exec.jar" >/dev/null || { echo "$service is not built"; return 0; }
  done
  [[ -f "$stamp" ]] || { echo "not built by run-local.sh yet"; return 0; }
  local changed
  changed="$(find pom.xml contracts service-support test-support local-runner "${services[@]}" \
      \( -name target -prune \) -o \( -type f \( -path '*/src/*' -o -name pom.xml \) -newer "$stamp" -print \) \
      2>/dev/null | head -n 1 || true)"
  [[ -z "$changed" ]] || { echo "$changed changed"; return 0; }
  return 1
}

if reason="$(needs_build)"; then
  echo "Building ($reason): ./mvnw -q -B -DskipTests package ... (a few minutes the first time)"
  started=$SECONDS
  mkdir -p local-runner/target
  touch "$stamp.new"   # now, so that an edit made during the build triggers the next one
  ./mvnw -q -B -DskipTests package \
      -pl "local-runner,$(IFS=,; echo "${services[*]}")" -am
  mv "$stamp.new" "$stamp"
  echo "Built in $(( SECONDS - started )) s."
fi

# --- run: exec, so that Ctrl-C reaches the JVM, whose shutdown hook stops the children in order ----
exec "$java" -Xmx128m -XX:+UseSerialGC \
    -Dissuedesk.root="$PWD" \
    -cp "local-runner/target/classes:${kafka_lib}/*" \
    org.issuedesk.localrun.LocalRun
