# The demo app under the OpenTelemetry Java agent with the annotation extension. Build context: the repository
# root, after
#   mvn -B -q -pl examples/demo-app,otel-extension -am package -DskipTests
#   mvn -B -q -N dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:2.33.1 -DoutputDirectory=deploy/target
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY examples/demo-app/target/lib/ lib/
COPY examples/demo-app/target/demo-app.jar demo-app.jar
COPY otel-extension/target/otel-extension.jar otel-extension.jar
COPY deploy/target/opentelemetry-javaagent-2.33.1.jar opentelemetry-javaagent.jar
EXPOSE 8090
ENTRYPOINT ["java", "-javaagent:opentelemetry-javaagent.jar", "-Dotel.javaagent.extensions=otel-extension.jar", "-jar", "demo-app.jar"]
