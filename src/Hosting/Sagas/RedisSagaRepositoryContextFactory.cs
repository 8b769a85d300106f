using MassTransit;
using MassTransit.Saga;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>MassTransit's entry to the Redis saga store: load by correlation id, no queries (sagas here are found by id only).</summary>
public sealed class RedisSagaRepositoryContextFactory<TSaga>(RedisSagaStore<TSaga> store, ISagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class =>
        next.Send(new RedisSagaRepositoryContext<TSaga, T>(store, context, factory));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class =>
        throw new NotSupportedException($"the Redis saga store finds {typeof(TSaga).Name} by correlation id only; correlate every event by id");

    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default) where T : class =>
        await asyncMethod(new LoadContext(store, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "redis");

    private sealed class LoadContext(RedisSagaStore<TSaga> store, CancellationToken cancellationToken) : MassTransit.Middleware.BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    {
        public async Task<TSaga> Load(Guid correlationId) => (await store.LoadAsync(correlationId))!;
    }
}
