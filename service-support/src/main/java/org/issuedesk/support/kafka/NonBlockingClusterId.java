package org.issuedesk.support.kafka;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Keeps an unreachable broker from stalling every send. With observation on, spring-kafka's
 * {@code KafkaTemplate} names the cluster in each producer span and, until it knows the cluster
 * id, asks {@link KafkaAdmin#clusterId()} for it on every send: a call that blocks up to the
 * admin's operation timeout (30 s) under a lock shared by all sends. A service that started while
 * Kafka was away would so answer its posts after 30 s, one at a time, instead of with a quick 503.
 * This admin answers at once with the id it knows (or none) and looks the id up in the background.
 */
final class NonBlockingClusterId extends KafkaAdmin {

    private final KafkaAdmin admin;
    private final AtomicBoolean lookingUp = new AtomicBoolean();
    private volatile String clusterId;

    NonBlockingClusterId(KafkaAdmin admin) {
        super(admin.getConfigurationProperties());
        this.admin = admin;
        lookUp();
    }

    @Override
    public String clusterId() {
        String known = clusterId;
        if (known == null) {
            lookUp();
        }
        return known;
    }

    private void lookUp() {
        if (!lookingUp.compareAndSet(false, true)) {
            return;
        }
        Thread lookup = new Thread(() -> {
            try {
                clusterId = admin.clusterId();
            } finally {
                lookingUp.set(false);
            }
        }, "kafka-cluster-id");
        lookup.setDaemon(true);
        lookup.start();
    }

    /** Gives Boot's template this admin before the template looks one up itself. */
    static BeanPostProcessor installer(ObjectProvider<KafkaAdmin> admin) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof KafkaTemplate<?, ?> template && template.getKafkaAdmin() == null) {
                    KafkaAdmin shared = admin.getIfUnique();
                    if (shared != null) {
                        template.setKafkaAdmin(new NonBlockingClusterId(shared));
                    }
                }
                return bean;
            }
        };
    }
}
