using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>Registers the Redis saga store for a saga (the MassTransit.Redis package is not served here).</summary>
public static class RedisSagaRegistration
{
    /// <summary>Instances live under <c>{keyPrefix}{correlation id}</c> in the service's Redis (<c>cache</c>).</summary>
    public static ISagaRegistrationConfigurator<TSaga> RedisRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> saga, string keyPrefix)
        where TSaga : class, ISagaVersion
    {
        return saga.Repository(repository =>
        {
            repository.AddSingleton(sp => new RedisSagaStore<TSaga>(sp.GetRequiredService<IConnectionMultiplexer>(), keyPrefix));
            repository.RegisterSagaRepository<TSaga, RedisSagaStore<TSaga>, SagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga>, RedisSagaRepositoryContextFactory<TSaga>>();
            repository.RegisterLoadSagaRepository<TSaga, RedisSagaRepositoryContextFactory<TSaga>>();
        });
    }
}
