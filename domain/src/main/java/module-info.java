/** Cacherr's framework-free domain: cached files, their users and status rules, the audit log and statistics. */
module cacherr.domain {
    exports cacherr.domain.error;
    exports cacherr.domain.file;
    exports cacherr.domain.audit;
    exports cacherr.domain.batch;
    exports cacherr.domain.query;
}
