using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>One message's view of the Redis saga store, as MassTransit's saga pipeline uses it.</summary>
internal sealed class RedisSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly RedisSagaStore<TSaga> store;
    private readonly ConsumeContext<TMessage> inner;
    private readonly ISagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga> factory;

    public RedisSagaRepositoryContext(RedisSagaStore<TSaga> store, ConsumeContext<TMessage> context, ISagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga> factory)
        : base(context)
    {
        (this.store, inner, this.factory) = (store, context, factory);
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(store, inner, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        try
        {
            await store.InsertAsync(instance);
        }
        catch (SagaConcurrencyException)
        {
            return default!;
        }
        return await factory.CreateSagaConsumeContext(store, inner, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId) =>
        await store.LoadAsync(correlationId) is { } instance
            ? await factory.CreateSagaConsumeContext(store, inner, instance, SagaConsumeContextMode.Load)
            : default!;

    public Task Save(SagaConsumeContext<TSaga> sagaContext) => store.InsertAsync(sagaContext.Saga);

    public Task Update(SagaConsumeContext<TSaga> sagaContext) => store.UpdateAsync(sagaContext.Saga);

    public Task Delete(SagaConsumeContext<TSaga> sagaContext) => store.DeleteAsync(sagaContext.Saga.CorrelationId);

    public Task Discard(SagaConsumeContext<TSaga> sagaContext) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> sagaContext) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, context, instance, mode);
}
