package org.issuedesk.support.kafka;

import java.util.List;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.util.backoff.BackOff;

/**
 * A {@link DefaultAfterRollbackProcessor} that waits out an outage for batch listeners too. For a record
 * listener the back-off function decides (see {@link KafkaSupportAutoConfiguration}); but spring-kafka's batch
 * path only knows the fixed back-off, so with the database down it would dead-letter a whole poll of good posts
 * after two retries. Here an outage re-seeks the poll and waits, as often as it takes.
 */
public class OutageAwareAfterRollbackProcessor extends DefaultAfterRollbackProcessor<Object, Object> {

    private static final LogAccessor LOG = new LogAccessor(OutageAwareAfterRollbackProcessor.class);

    private final long outageWaitMillis;

    public OutageAwareAfterRollbackProcessor(BiConsumer<ConsumerRecord<?, ?>, Exception> recoverer, BackOff retries,
            KafkaOperations<?, ?> template, long outageWaitMillis) {
        super(recoverer, retries, template, true);
        this.outageWaitMillis = outageWaitMillis;
    }

    @Override
    public void processBatch(ConsumerRecords<Object, Object> records, List<ConsumerRecord<Object, Object>> recordList,
            Consumer<Object, Object> consumer, MessageListenerContainer container, Exception exception,
            boolean recoverable, EOSMode eosMode) {
        if (!KafkaSupportAutoConfiguration.isOutage(exception)) {
            super.processBatch(records, recordList, consumer, container, exception, recoverable, eosMode);
            return;
        }
        LOG.warn(() -> "Outage while processing a poll of " + recordList.size() + " records; trying it again in "
                + outageWaitMillis + " ms: " + exception);
        SeekUtils.doSeeksToBegin(List.copyOf(recordList), consumer, LOG);
        try {
            ListenerUtils.stoppableSleep(container, outageWaitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
