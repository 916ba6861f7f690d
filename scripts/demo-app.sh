#!/usr/bin/env bash
# Builds examples/demo-app and the agent extension, fetches the OpenTelemetry Java agent once, and runs the demo
# app under both on port 8090, exporting to annotation-api on localhost:8080. Its page http://127.0.0.1:8090/
# records a thumbs-up from the browser. Needs ANNOTATION_KEY (a key that may write spans: ADMIN or ANNOTATOR)
# and FEEDBACK_KEY (role FEEDBACK); annotation-api must run with ANNOTATION_CORS_ORIGINS=http://127.0.0.1:8090.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ANNOTATION_KEY:?set ANNOTATION_KEY to a key that may write spans}"
: "${FEEDBACK_KEY:?set FEEDBACK_KEY to a key with role FEEDBACK}"
api="${ANNOTATION_URL:-http://localhost:8080}"
source scripts/java25.sh
mvn -B -ntp -q -pl examples/demo-app,otel-extension -am package -DskipTests
agent_version=2.33.1
agent="dist/opentelemetry-javaagent-$agent_version.jar"
if [ ! -f "$agent" ]; then
  mkdir -p dist
  mvn -B -ntp -q -N dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$agent_version \
      -DoutputDirectory=dist
fi
export DEMO_PORT="${DEMO_PORT:-8090}" DEMO_ANNOTATION_URL="$api" DEMO_FEEDBACK_KEY="$FEEDBACK_KEY"
export OTEL_SERVICE_NAME=demo-app OTEL_EXPORTER_OTLP_ENDPOINT="$api" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer $ANNOTATION_KEY" OTEL_LOGS_EXPORTER=otlp OTEL_METRICS_EXPORTER=none
exec "$JAVA_HOME/bin/java" -javaagent:"$agent" -Dotel.javaagent.extensions=otel-extension/target/otel-extension.jar \
    -jar examples/demo-app/target/demo-app.jar
