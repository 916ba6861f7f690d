# annotation-api in server mode (CLICKHOUSE_URL set). Build context: the repository root, after
#   mvn -B -q -pl annotation-api -am package -DskipTests
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY annotation-api/target/lib/ lib/
COPY annotation-api/target/annotation-api.jar annotation-api.jar
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "annotation-api.jar"]
