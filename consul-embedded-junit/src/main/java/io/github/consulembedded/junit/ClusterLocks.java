package io.github.consulembedded.junit;

import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The resource locks behind {@link EmbeddedConsulCluster} under parallel execution: classes that
 * share a cluster take its lock exclusively (reading only with {@code reset = NEVER}), so no
 * reset runs while another class uses the cluster; classes that export system properties also
 * lock the system properties. The lock is on the class, so its tests run one after the other.
 */
final class ClusterLocks implements ResourceLocksProvider {

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, EmbeddedConsulCluster.class)
                .map(a -> locks(a, testClass))
                .orElse(Set.of());
    }

    @Override
    public Set<Lock> provideForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> testClass) {
        // A nested class uses the enclosing class's cluster, whose lock already covers it.
        for (Class<?> enclosing : enclosingInstanceTypes) {
            if (AnnotationSupport.isAnnotated(enclosing, EmbeddedConsulCluster.class)) {
                return Set.of();
            }
        }
        return provideForClass(testClass);
    }

    @Override
    public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
        return Set.of();
    }

    static Set<Lock> locks(EmbeddedConsulCluster a, Class<?> testClass) {
        // Unvalidated on purpose: a bad value is reported by the extension with its element name, not here.
        String description = ClassSettings.describe(a.servers(), a.clients(), a.consulVersion().trim(), ClassSettings.datacenters(a),
                a.domain(), a.timing(), a.encrypt(), a.acl(), a.tls());
        Set<Lock> locks = new LinkedHashSet<>();
        locks.add(new Lock(ClassSettings.lockKey(description, a.shared(), testClass),
                a.reset() == ResetPolicy.NEVER ? ResourceAccessMode.READ : ResourceAccessMode.READ_WRITE));
        if (a.exportProperties().length > 0) {
            locks.add(new Lock(Resources.SYSTEM_PROPERTIES, ResourceAccessMode.READ_WRITE));
        }
        return locks;
    }
}
