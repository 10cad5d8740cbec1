using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Vision.Service.Grpc.Errors;

/// <summary>
/// Binds every gRPC service like Grpc.AspNetCore's own binder does (same methods, same endpoint metadata, so
/// authorization attributes still apply), but with request deserialisers that turn a message that is not valid
/// protobuf into INVALID_ARGUMENT <c>MESSAGE_UNDECODABLE</c>. Grpc.AspNetCore reads a unary request before any
/// interceptor runs and reports such a failure as UNKNOWN "Exception was thrown by handler".
/// </summary>
public sealed class UndecodableMessageGuard<TService> : IServiceMethodProvider<TService> where TService : class
{
    public const string Reason = "MESSAGE_UNDECODABLE";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var binding = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var bindMethod = binding?.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static).SingleOrDefault(method =>
            method.Name == binding.BindMethodName && method.GetParameters() is [var binder, var service]
            && binder.ParameterType == typeof(ServiceBinderBase) && service.ParameterType.IsAssignableFrom(typeof(TService)));
        bindMethod?.Invoke(null, [new Binder(context), null]);
    }

    private static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var inner = method.RequestMarshaller;
        var marshaller = new Marshaller<TRequest>(inner.ContextualSerializer, deserializationContext =>
        {
            try
            {
                return inner.ContextualDeserializer(deserializationContext);
            }
            catch (Exception error) when (error is not RpcException)
            {
                var errorInfo = new ErrorInfo { Domain = ImageRejectionStatus.ErrorDomain, Reason = Reason, Metadata = { ["method"] = method.FullName } };
                throw new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = $"The request is not a valid {typeof(TRequest).Name} message.",
                    Details = { Any.Pack(errorInfo) },
                }.ToRpcException();
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Guarded(method), metadata, invoker);
        }

        // As Grpc.AspNetCore's ProviderServiceBinder: the service's attributes first, the method's after (they win),
        // then POST with CORS preflight accepted.
        private static (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string methodName, params System.Type[] parameters) where TDelegate : Delegate
        {
            var handler = typeof(TService).GetMethod(methodName, parameters)
                          ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {methodName}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }
    }
}
