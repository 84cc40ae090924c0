package io.interstice.cli.demo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.journal.serialization.KryoRegistrar;
import io.interstice.journal.serialization.KryoRegistry;
import io.interstice.journal.serialization.KryoSerialized;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The demo's persistent actor: a counter whose every increment is an event in the binary log. Its
 * state also counts the events it has applied, so the demo can show how many were recovered.
 */
public final class CounterEntity
    extends EventSourcedBehavior<
        CounterEntity.Command, CounterEntity.Incremented, CounterEntity.State> {

  /** Commands of the counter. */
  public sealed interface Command extends KryoSerialized {}

  /** Add {@code amount}; the reply (the new state) is sent once the event is durable. */
  public record Increment(long amount, ActorRef<State> replyTo) implements Command {}

  /** Reply with the current state. */
  public record Get(ActorRef<State> replyTo) implements Command {}

  /** The one event: the counter grew by {@code amount}. */
  public record Incremented(long amount) implements KryoSerialized {}

  /** Value of the counter and how many events built it. */
  public record State(long value, long events) {
    State apply(Incremented e) {
      return new State(value + e.amount(), events + 1);
    }
  }

  private CounterEntity(String id) {
    super(PersistenceId.ofUniqueId("counter|" + id));
  }

  public static Behavior<Command> create(String id) {
    return new CounterEntity(id);
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public CommandHandler<Command, Incremented, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Increment.class,
            (state, cmd) ->
                Effect().persist(new Incremented(cmd.amount())).thenReply(cmd.replyTo(), s -> s))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Incremented> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Incremented.class, State::apply).build();
  }

  /** Registers the demo's event with a fixed id and a hand-written serializer. */
  public static final class Registrar implements KryoRegistrar {
    @Override
    public void register(KryoRegistry registry) {
      registry.register(
          Incremented.class,
          1000,
          new Serializer<>() {
            @Override
            public void write(Kryo kryo, Output output, Incremented event) {
              output.writeVarLong(event.amount(), false);
            }

            @Override
            public Incremented read(Kryo kryo, Input input, Class<? extends Incremented> type) {
              return new Incremented(input.readVarLong(false));
            }
          });
    }
  }
}
