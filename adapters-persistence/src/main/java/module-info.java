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
    requires org.slf4j;

    exports cacherr.adapters.persistence;

    // Hibernate reads and writes entity fields reflectively and instantiates the attribute converter.
    opens cacherr.adapters.persistence.entity to org.hibernate.orm.core;
}
