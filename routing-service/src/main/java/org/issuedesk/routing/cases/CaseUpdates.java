package org.issuedesk.routing.cases;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.issuedesk.contracts.routing.CaseEvent;
import org.issuedesk.routing.teams.TeamDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates of the teams' queues: every change of a case, as a small server-sent event to the open streams of
 * its team (for a reroute, of the team it left too).
 *
 * <p>The changes come from {@code cases.events}, which every routing instance reads in full: each instance joins a
 * consumer group of its own (a random id), starts at the end of the topic and commits nothing, so a stream opened
 * on any instance sees the changes made through every instance, and an empty group leaves nothing behind on the
 * broker. Only committed records are read (read_committed), so a routing attempt that rolled back is never
 * announced. The status sent is the case's status in the database when the event is relayed (one query per poll,
 * for the events someone is watching).
 */
@Component
public class CaseUpdates implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(CaseUpdates.class);
    static final String LISTENER_ID = "case-updates";

    /** One change of a case, as the stream sends it ({@code event: case}, {@code id:} the event id). */
    public record CaseUpdate(String caseId, String type, String teamId, String fromTeamId, String status,
            Instant occurredAt) {
    }

    private record Subscriber(SseEmitter emitter, Set<String> teams) {
    }

    private final CaseRepository cases;
    private final CaseUpdatesProperties properties;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean reading;

    CaseUpdates(CaseRepository cases, CaseUpdatesProperties properties, MeterRegistry meters) {
        this.cases = cases;
        this.properties = properties;
        Gauge.builder("issuedesk.cases.streams", open, AtomicInteger::get)
                .description("Live case streams open on this instance").register(meters);
    }

    /**
     * A stream of the changes of these teams' cases, starting with a {@code ready} event that names them; a 503
     * problem when this instance already serves {@code max-subscribers} streams.
     */
    public SseEmitter subscribe(Set<String> teams) {
        if (open.incrementAndGet() > properties.maxSubscribers()) {
            open.decrementAndGet();
            ErrorResponseException busy = TeamDirectory.problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many live streams",
                    "This instance serves " + properties.maxSubscribers() + " live streams already; poll the queue"
                            + " instead, or try again later.");
            busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
            throw busy;
        }
        SseEmitter emitter = new SseEmitter(properties.lifetime().toMillis());
        Subscriber subscriber = new Subscriber(emitter, Set.copyOf(teams));
        subscribers.add(subscriber);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onError(e -> remove(subscriber));
        // the end of a stream's lifetime is normal: the client reconnects (and is checked again)
        emitter.onTimeout(emitter::complete);
        send(subscriber, SseEmitter.event().name("ready").data(Map.of("teams", teams.stream().sorted().toList()),
                MediaType.APPLICATION_JSON));
        return emitter;
    }

    /** Whether the consumer has its partitions and its place at their end: changes from now on are announced. */
    boolean reading() {
        return reading;
    }

    @Override
    public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
            Collection<TopicPartition> partitions) {
        // resolve "latest" now rather than at the first fetch, so that reading() means what it says
        partitions.forEach(consumer::position);
        reading = !partitions.isEmpty();
    }

    @KafkaListener(id = LISTENER_ID, containerFactory = "caseUpdatesContainerFactory",
            groupId = "${spring.application.name}-case-updates-${random.uuid}",
            topics = "#{T(org.issuedesk.contracts.Topics).CASES_EVENTS.name()}",
            properties = "auto.offset.reset=latest")
    void onCaseEvents(List<ConsumerRecord<String, Object>> records) {
        if (subscribers.isEmpty()) {
            return;
        }
        Set<String> watched = new HashSet<>();
        subscribers.forEach(s -> watched.addAll(s.teams()));
        // an unreadable record has no value: nothing to announce (routing's own consumers dead-letter it)
        List<CaseEvent> events = records.stream().map(ConsumerRecord::value)
                .filter(CaseEvent.class::isInstance).map(CaseEvent.class::cast)
                .filter(e -> watched.contains(e.teamId()) || watched.contains(fromTeam(e)))
                .toList();
        if (events.isEmpty()) {
            return;
        }
        Map<String, CaseStatus> statuses = cases.statuses(events.stream().map(CaseEvent::caseId).distinct().toList());
        for (CaseEvent event : events) {
            CaseStatus status = statuses.get(event.caseId());
            CaseUpdate update = new CaseUpdate(event.caseId(), event.type().id(), event.teamId(), fromTeam(event),
                    status == null ? null : status.id(), event.occurredAt());
            for (Subscriber subscriber : subscribers) {
                if (subscriber.teams().contains(event.teamId()) || subscriber.teams().contains(fromTeam(event))) {
                    send(subscriber, SseEmitter.event().name("case").id(event.eventId())
                            .data(update, MediaType.APPLICATION_JSON));
                }
            }
        }
    }

    /** A comment line on every stream: keeps idle connections open through proxies, finds the dead ones. */
    // PT15S: the default of CaseUpdatesProperties.heartbeat
    @Scheduled(fixedDelayString = "${issuedesk.routing.updates.heartbeat:PT15S}")
    void heartbeat() {
        subscribers.forEach(s -> send(s, SseEmitter.event().comment("heartbeat")));
    }

    private static String fromTeam(CaseEvent event) {
        return event.details().get("fromTeam");
    }

    private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        try {
            subscriber.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            // the client went away (or the stream ended meanwhile): the container completes the request itself
            log.debug("Dropping a live stream: {}", e.toString());
            remove(subscriber);
        }
    }

    private void remove(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            open.decrementAndGet();
        }
    }

    /** The consumer of {@code cases.events} for the streams: no Kafka transaction, nothing committed. */
    @Configuration(proxyBeanMethods = false)
    static class Consumer {

        @Bean
        ConcurrentKafkaListenerContainerFactory<Object, Object> caseUpdatesContainerFactory(
                ConsumerFactory<Object, Object> consumers, ObjectProvider<CaseUpdates> updates) {
            var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
            factory.setConsumerFactory(consumers);
            factory.setBatchListener(true);
            // never acknowledged: the group keeps no offsets (every start reads from the end), so it disappears
            // from the broker as soon as its instance stops
            factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
            factory.getContainerProperties().setMissingTopicsFatal(false);
            // looked up when the partitions come: the listener's bean needs this factory to be created first
            factory.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
                @Override
                public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                        Collection<TopicPartition> partitions) {
                    updates.getObject().onPartitionsAssigned(consumer, partitions);
                }
            });
            // a failure to announce is logged, never retried: the console refreshes its queue on reconnect anyway
            factory.setCommonErrorHandler(new CommonLoggingErrorHandler());
            return factory;
        }
    }
}
