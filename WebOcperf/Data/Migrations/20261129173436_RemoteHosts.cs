using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebOcperf.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemoteHosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Host",
                table: "Benchmarks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Host",
                table: "Benchmarks");
        }
    }
}
