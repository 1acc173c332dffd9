/** Hibernate ORM storage (SQLite by default) for the cached-file store and the operation journal. */
module cacherr.adapters.persistence {
    requires cacherr.application;
}
