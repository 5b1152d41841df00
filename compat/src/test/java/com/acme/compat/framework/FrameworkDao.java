package com.acme.compat.framework;

/**
 * An application DAO over one data framework. {@code borrow()} is correct; {@code leak()} forgets to
 * give its connection back. The acquiring lines end with {@code // BORROW} and {@code // LEAK}.
 */
public interface FrameworkDao {

    void borrow() throws Exception;

    void leak() throws Exception;
}
