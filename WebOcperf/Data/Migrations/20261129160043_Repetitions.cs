using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebOcperf.Data.Migrations
{
    /// <inheritdoc />
    public partial class Repetitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "Context_CapturedAt",
                table: "Benchmarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Context_CpuModel",
                table: "Benchmarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Context_Governor",
                table: "Benchmarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Context_KernelRelease",
                table: "Benchmarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Context_LoadAverage1",
                table: "Benchmarks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Context_LoadAverage15",
                table: "Benchmarks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Context_LoadAverage5",
                table: "Benchmarks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Context_OnlineCpus",
                table: "Benchmarks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Context_PerfVersion",
                table: "Benchmarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrepareCommand",
                table: "Benchmarks",
                type: "TEXT",
                maxLength: 16384,
                nullable: true);

            // benchmarks made before this migration ran once
            migrationBuilder.AddColumn<int>(
                name: "Repeat",
                table: "Benchmarks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Warmup",
                table: "Benchmarks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Repetitions",
                columns: table => new
                {
                    BenchmarkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Warmup = table.Column<bool>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PerfExitCode = table.Column<int>(type: "INTEGER", nullable: true),
                    WorkloadExitCode = table.Column<int>(type: "INTEGER", nullable: true),
                    WallSeconds = table.Column<double>(type: "REAL", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Repetitions", x => new { x.BenchmarkId, x.Warmup, x.Index });
                    table.ForeignKey(
                        name: "FK_Repetitions_Benchmarks_BenchmarkId",
                        column: x => x.BenchmarkId,
                        principalTable: "Benchmarks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Repetitions");

            migrationBuilder.DropColumn(
                name: "Context_CapturedAt",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_CpuModel",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_Governor",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_KernelRelease",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_LoadAverage1",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_LoadAverage15",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_LoadAverage5",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_OnlineCpus",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Context_PerfVersion",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "PrepareCommand",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Repeat",
                table: "Benchmarks");

            migrationBuilder.DropColumn(
                name: "Warmup",
                table: "Benchmarks");
        }
    }
}
