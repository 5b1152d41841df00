package io.conntrack.reclaim;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reflective access to a pool's own fields and methods, found by class and member name in the class
 * or its superclasses. Failures are {@link NotReclaimable}: ConnTrack names the pool once with the
 * reason and leaves it alone.
 */
final class Access {

    private Access() {
    }

    /** What a pool's members are, found for one class: its constructor, which throws when they cannot be. */
    interface Members<T> {
        T of(Class<?> type) throws NotReclaimable;
    }

    /**
     * Members found once per class (a {@link ClassValue}, so nothing holds the class): the members, or the
     * {@link NotReclaimable} that says why there are none, thrown again at each look.
     */
    static final class PerClass<T> {
        private final ClassValue<Object> values;

        private PerClass(Members<T> members) {
            values = new ClassValue<Object>() {
                @Override
                protected Object computeValue(Class<?> type) {
                    try {
                        return members.of(type);
                    } catch (NotReclaimable e) {
                        return e;
                    }
                }
            };
        }

        @SuppressWarnings("unchecked")
        T of(Class<?> type) throws NotReclaimable {
            Object m = values.get(type);
            if (m instanceof NotReclaimable) {
                throw (NotReclaimable) m;
            }
            return (T) m;
        }
    }

    static <T> PerClass<T> perClass(Members<T> members) {
        return new PerClass<>(members);
    }

    /** The class named {@code name} among {@code type} and its superclasses, or null. */
    static Class<?> find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** A {@link VarHandle} on instance field {@code field} declared by {@code owner}. */
    static VarHandle varHandle(Class<?> owner, String field) throws NotReclaimable {
        try {
            Field f = owner.getDeclaredField(field);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectVarHandle(f);
        } catch (NoSuchFieldException e) {
            throw new NotReclaimable(owner.getName() + " has no field '" + field + "' (a version ConnTrack does not know)");
        } catch (IllegalAccessException | RuntimeException e) {
            throw new NotReclaimable(owner.getName() + "'s module does not open " + owner.getPackageName()
                    + " to ConnTrack (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A getter of instance field {@code field} of {@code owner}, typed {@code (Object)Object}: the hot path's. */
    static MethodHandle getter(Class<?> owner, String field) throws NotReclaimable {
        try {
            Field f = owner.getDeclaredField(field);
            MethodHandle mh = MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectGetter(f);
            return mh.asType(MethodType.methodType(Object.class, Object.class));
        } catch (NoSuchFieldException e) {
            throw new NotReclaimable(owner.getName() + " has no field '" + field + "' (a version ConnTrack does not know)");
        } catch (IllegalAccessException | RuntimeException e) {
            throw new NotReclaimable(owner.getName() + "'s module does not open " + owner.getPackageName()
                    + " to ConnTrack (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Method {@code name(params)} declared by {@code owner} or a superclass, made accessible. */
    static Method method(Class<?> owner, String name, Class<?>... params) throws NotReclaimable {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name, params);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // the superclass may declare it
            } catch (RuntimeException e) {
                throw new NotReclaimable(c.getName() + "'s module does not open " + c.getPackageName()
                        + " to ConnTrack (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new NotReclaimable(owner.getName() + " has no method " + name + " (a version ConnTrack does not know)");
    }

    /** A class by name from {@code like}'s loader (a pool's own class), or a {@link NotReclaimable}. */
    static Class<?> load(String name, Class<?> like) throws NotReclaimable {
        try {
            return Class.forName(name, false, like.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new NotReclaimable("class " + name + " is not there (a version ConnTrack does not know)");
        }
    }

    /** Why ConnTrack cannot reclaim from a pool, for one log line. */
    static final class NotReclaimable extends Exception {
        private static final long serialVersionUID = 1L;

        NotReclaimable(String why) {
            super(why, null, false, false);
        }
    }
}
