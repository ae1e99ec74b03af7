package dev.railyard.ui.table;

import dev.railyard.inspect.table.FilterOperator;
import dev.railyard.inspect.table.RowFilter;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One line of the rows' filter as the user edits it: a column, an operator, a value. */
public final class FilterCondition {

    private final StringProperty column = new SimpleStringProperty();
    private final ObjectProperty<FilterOperator> operator = new SimpleObjectProperty<>(FilterOperator.EQUALS);
    private final StringProperty value = new SimpleStringProperty("");

    FilterCondition(String column) {
        this.column.set(column);
    }

    public StringProperty columnProperty() {
        return column;
    }

    public ObjectProperty<FilterOperator> operatorProperty() {
        return operator;
    }

    public StringProperty valueProperty() {
        return value;
    }

    /** The condition to send; null while it names no column. */
    RowFilter toFilter() {
        if (column.get() == null || operator.get() == null) {
            return null;
        }
        return new RowFilter(column.get(), operator.get(), value.get());
    }
}
