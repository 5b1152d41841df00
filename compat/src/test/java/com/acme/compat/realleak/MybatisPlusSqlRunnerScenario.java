package com.acme.compat.realleak;

import com.acme.compat.harness.Probe;
import com.baomidou.mybatisplus.annotation.TableName;
import com.baomidou.mybatisplus.core.MybatisConfiguration;
import com.baomidou.mybatisplus.core.MybatisSqlSessionFactoryBuilder;
import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import com.baomidou.mybatisplus.core.toolkit.GlobalConfigUtils;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import com.baomidou.mybatisplus.extension.toolkit.SqlRunner;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * Child JVM: MyBatis-Plus's SqlRunner (plain SQL through the session factory of an entity's mapper)
 * over the application's HikariCP without Spring: {@link RealLeak#LEAKS} pages read with
 * {@code selectPage} (the leaking release never closes that SqlSession) and {@link RealLeak#HEALTHY}
 * lists and counts. Args: leaky|fixed.
 */
public final class MybatisPlusSqlRunnerScenario {

    /** An entity, so that SqlRunner.db(ShopOrder.class) finds its session factory. */
    @TableName("mp_order")
    public static final class ShopOrder {
        private Long id;
        private String item;

        public Long getId() {
            return id;
        }

        public void setId(Long id) {
            this.id = id;
        }

        public String getItem() {
            return item;
        }

        public void setItem(String item) {
            this.item = item;
        }
    }

    public interface ShopOrderMapper extends BaseMapper<ShopOrder> {
    }

    public static void main(String[] args) throws Exception {
        boolean fixed = RealLeakScenarios.fixed(args);
        try (HikariDataSource ds = RealLeakScenarios.pool()) {
            RealLeakScenarios.execute(ds, "DROP TABLE IF EXISTS mp_order",
                    "CREATE TABLE mp_order (id BIGINT PRIMARY KEY, item VARCHAR(64) NOT NULL)",
                    "INSERT INTO mp_order VALUES (1, 'pen'), (2, 'ink'), (3, 'paper')");
            MybatisConfiguration configuration = new MybatisConfiguration(
                    new Environment("app", new JdbcTransactionFactory(), ds));
            GlobalConfigUtils.getGlobalConfig(configuration).setEnableSqlRunner(true);
            configuration.addMapper(ShopOrderMapper.class);
            new MybatisSqlSessionFactoryBuilder().build(configuration);

            SqlRunner runner = SqlRunner.db(ShopOrder.class);
            for (int i = 0; i < RealLeak.LEAKS; i++) {
                // the leaking release never closes the SqlSession (and its connection) of a page
                Page<Map<String, Object>> page = runner.selectPage(new Page<>(1, 10), "SELECT id, item FROM mp_order ORDER BY id");
                check(page.getRecords().size() == 3, "page " + page.getRecords());
            }
            for (int i = 0; i < RealLeak.HEALTHY / 2; i++) {
                List<Map<String, Object>> all = runner.selectList("SELECT id, item FROM mp_order ORDER BY id");
                check(all.size() == 3, "list " + all);
                check(runner.selectCount("SELECT COUNT(*) FROM mp_order") == 3, "count");
            }
            RealLeakScenarios.finish("real leak MYBATIS_PLUS_SQL_RUNNER", fixed, SqlRunner.class);
        } catch (Exception | Error e) {
            e.printStackTrace();
            Probe.emit("error", e.toString());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("unexpected result: " + what);
        }
    }
}
