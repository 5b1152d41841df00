package com.acme.compat.framework;

import javax.sql.DataSource;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** MyBatis opens the connection lazily, inside the mapper call (a JDK proxy), so that line is the callsite. */
public final class MyBatisDao implements FrameworkDao {

    public interface OneMapper {
        @Select("select 1")
        int one();
    }

    private final SqlSessionFactory factory;

    public MyBatisDao(DataSource ds) {
        Configuration c = new Configuration(new Environment("compat", new JdbcTransactionFactory(), ds));
        c.addMapper(OneMapper.class);
        this.factory = new SqlSessionFactoryBuilder().build(c);
    }

    @Override
    public void borrow() {
        try (SqlSession s = factory.openSession()) {
            s.getMapper(OneMapper.class).one(); // BORROW
        }
    }

    @Override
    public void leak() {
        SqlSession s = factory.openSession();
        s.getMapper(OneMapper.class).one(); // LEAK
    }
}
