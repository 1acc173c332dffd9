package cacherr.adapters.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;
import org.hibernate.query.NativeQuery;

/** Native SQL through Hibernate with named parameters taken from a map (collections bind as lists). */
final class Native {
    private Native() {
    }

    static <T> NativeQuery<T> query(StatelessSession session, String sql, Class<T> type, Map<String, ?> params) {
        NativeQuery<T> query = session.createNativeQuery(sql, type);
        params.forEach((name, value) -> {
            if (value instanceof Collection) query.setParameterList(name, (Collection<?>) value);
            else query.setParameter(name, value);
        });
        return query;
    }

    static List<Object[]> rows(StatelessSession session, String sql, Map<String, ?> params) {
        return query(session, sql, Object[].class, params).getResultList();
    }

    static long number(StatelessSession session, String sql, Map<String, ?> params) {
        List<Object[]> rows = rows(session, sql, params);
        return rows.isEmpty() || rows.get(0)[0] == null ? 0 : ((Number) rows.get(0)[0]).longValue();
    }

    static int update(StatelessSession session, String sql, Map<String, ?> params) {
        var mutation = session.createNativeMutationQuery(sql);
        params.forEach(mutation::setParameter);
        return mutation.executeUpdate();
    }

    static long longOf(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
