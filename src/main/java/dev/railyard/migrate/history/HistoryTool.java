package dev.railyard.migrate.history;

/** The migration tools whose history tables Railyard recognises. */
public enum HistoryTool {
    FLYWAY("Flyway"),
    PRISMA("Prisma"),
    DRIZZLE("Drizzle"),
    KNEX("Knex"),
    SEQUELIZE("Sequelize"),
    TYPEORM("TypeORM"),
    ALEMBIC("Alembic"),
    DJANGO("Django"),
    RAILS("Rails"),
    GOLANG_MIGRATE("golang-migrate"),
    LIQUIBASE("Liquibase"),
    HAND_ROLLED("Hand-rolled");

    private final String displayName;

    HistoryTool(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
