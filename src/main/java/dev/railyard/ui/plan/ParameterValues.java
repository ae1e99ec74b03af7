package dev.railyard.ui.plan;

import dev.railyard.console.StatementParameters;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The values a user gives for a normalised statement's parameters before it can be explained
 * (PostgreSQL before 16, MySQL, and every EXPLAIN ANALYZE): one field per parameter, prefilled
 * where the text allows (10 after LIMIT, 0 after OFFSET, % after LIKE), and the statement as it
 * will run, updated as they type.
 */
public final class ParameterValues {

    private final StatementParameters parameters;
    private final List<StringProperty> values = new ArrayList<>();
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper();

    /** @param previous the values given last time for the same statement, or null to start from the suggestions */
    public ParameterValues(StatementParameters parameters, List<String> previous) {
        this.parameters = parameters;
        List<String> start = previous != null && previous.size() == parameters.parameters().size() ? previous
                : parameters.suggestions();
        for (String value : start) {
            StringProperty property = new SimpleStringProperty(value);
            property.addListener((obs, was, now) -> update());
            values.add(property);
        }
        update();
    }

    public List<StatementParameters.Parameter> parameters() {
        return parameters.parameters();
    }

    /** The field of the {@code index}th parameter. */
    public StringProperty value(int index) {
        return values.get(index);
    }

    public List<String> values() {
        return values.stream().map(StringProperty::get).toList();
    }

    /** "$1 · WHERE id =", what the field's label says. */
    public String label(int index) {
        StatementParameters.Parameter p = parameters().get(index);
        return p.name() + (p.context().isEmpty() ? "" : " · " + p.context() + " …");
    }

    /** What the field says while empty: "a value; text is quoted, numbers are not", or for a list "1, 2, 3". */
    public String prompt(int index) {
        return parameters().get(index).kind() == StatementParameters.Kind.LIST ? "values separated by commas"
                : "a value: text is quoted for you, numbers are not";
    }

    /** The statement with the values in, or "" while one is missing. */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** Which value is missing, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True when every parameter has a value. */
    public ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    private void update() {
        try {
            preview.set(parameters.substitute(values()));
            problem.set("");
            complete.set(true);
        } catch (IllegalArgumentException e) {
            preview.set("");
            problem.set(e.getMessage());
            complete.set(false);
        }
    }
}
