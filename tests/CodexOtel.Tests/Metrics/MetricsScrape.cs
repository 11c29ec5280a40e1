using System.Net.Http.Headers;

namespace CodexOtel.Tests.Metrics;

/// <summary>Scrapes a /metrics endpoint and reads sample values from the text format.</summary>
internal static class MetricsScrape
{
    public static async Task<string> GetAsync(Uri metrics, string? bearer = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, metrics);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the sample written exactly as <paramref name="sample"/> (name and labels), or null.</summary>
    public static double? Value(string text, string sample)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Scrapes until <paramref name="sample"/> has a value that <paramref name="done"/> accepts (10 s at most); returns the scrape.</summary>
    public static async Task<string> WaitForAsync(Uri metrics, string sample, Func<double, bool> done, string? bearer = null)
    {
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            text = await GetAsync(metrics, bearer);
            if (Value(text, sample) is { } value && done(value))
            {
                return text;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{sample} never reached the expected value; last scrape:\n{text}");
        return text;
    }
}
