# One image recipe for the four services: docker build --build-arg MODULE=routing-service .
# docker compose passes MODULE per service (see docker-compose.yml).

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY contracts contracts
COPY service-support service-support
COPY test-support test-support
COPY ingest-service ingest-service
COPY classifier-service classifier-service
COPY routing-service routing-service
COPY gateway gateway
COPY local-runner local-runner
COPY system-tests system-tests
COPY bench bench
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${MODULE}" -am package -DskipTests \
 && cp "${MODULE}/target/${MODULE}-"*-exec.jar /app.jar
# Boot's layered extraction: dependencies change less often than the application, so they cache.
RUN java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
# the image's curl serves the health check
RUN useradd --system --uid 10001 issuedesk
USER issuedesk
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
ENV SPRING_PROFILES_ACTIVE=docker \
    SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
  CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
