/** Hibernate ORM storage on SQLite for the cached-file books, the audit log and the file-operation journal. */
module cacherr.adapters.persistence {
    requires cacherr.application;
    requires org.hibernate.orm.core;
    requires org.hibernate.orm.community.dialects; // SQLiteDialect lives outside hibernate-core
    requires jakarta.persistence;
    requires java.sql;
    requires java.naming; // SessionFactory extends javax.naming.Referenceable
    requires org.xerial.sqlitejdbc; // SQLiteDataSource, SQLiteConfig and SQL functions written in Java
    requires com.zaxxer.hikari;
    // SqlitePersistence.publishPoolMetrics takes a MeterRegistry: HikariCP's Micrometer tracker gives the pool's
    // acquire, usage and creation times and its timeouts, which a home-made interface would only re-implement.
    requires transitive micrometer.core;
    requires org.slf4j;

    exports cacherr.adapters.persistence;

    // No bytecode generated at run time (ByteBuddy): see NoRuntimeBytecode.
    provides org.hibernate.service.spi.ServiceContributor with cacherr.adapters.persistence.NoRuntimeBytecode;

    // Hibernate reads and writes entity fields reflectively and instantiates the attribute converter.
    opens cacherr.adapters.persistence.entity to org.hibernate.orm.core;
}
