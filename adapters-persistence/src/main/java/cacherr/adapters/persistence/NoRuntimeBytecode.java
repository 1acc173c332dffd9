package cacherr.adapters.persistence;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Hibernate without classes generated at run time: its default bytecode provider (ByteBuddy) wrote an accessor class
 * per entity at every start — about 900 ByteBuddy classes loaded and a third of the session factory's start-up
 * (docs/PERFORMANCE.md, "Start-up and idle memory") — and would make lazy proxies, which these entities never need:
 * they have no associations, and the stateless sessions read them whole ({@code get}, native queries). Without it,
 * Hibernate reaches the entities' fields by reflection. Registered as a service contributor in module-info, so every
 * session factory of this module gets it; {@code SqlitePersistenceTest} checks that it is in effect.
 */
public final class NoRuntimeBytecode implements ServiceContributor {
    @Override
    public void contribute(StandardServiceRegistryBuilder serviceRegistryBuilder) {
        serviceRegistryBuilder.addService(BytecodeProvider.class,
                new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    }
}
